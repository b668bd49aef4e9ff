/**
 * Quartz as the clock and the fan-out of each wave: triggers per campaign wave
 * ({@code WaveTriggers}), the job a fire runs ({@code WaveJob}), the dispatch recorded
 * once per campaign and wave ({@code WaveDispatches}), and the paging through the
 * confirmed audience with a checkpoint per batch ({@code FanOut}).
 */
package nl.tijdig.scheduler.fanout;
