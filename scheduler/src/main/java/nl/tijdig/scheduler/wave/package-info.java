/**
 * The wave arithmetic, as pure rules without Spring, a database or a clock of their own:
 * when each wave of a campaign goes out ({@link nl.tijdig.scheduler.wave.WavePlan}), and
 * what is due at a given instant, including the missed-wave rule
 * ({@link nl.tijdig.scheduler.wave.WavePlan#decide}).
 */
package nl.tijdig.scheduler.wave;
