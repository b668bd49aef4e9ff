/**
 * Benchmarks: each main starts what it measures on the embedded servers, drives it, and
 * prints its figures. None is a test; timings on a shared machine prove nothing by
 * themselves, their ratios do.
 */
package nl.tijdig.bench;
