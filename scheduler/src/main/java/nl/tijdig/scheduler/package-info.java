/**
 * The scheduler service. One package per feature; each feature's root package is its
 * public face, everything else in it is package-private.
 * <ul>
 * <li>{@code audience}: who is subscribed to which campaign, projected from
 * {@code tijdig.subscribers} without email addresses</li>
 * <li>{@code campaign}: the campaigns' deadlines and waves, projected from
 * {@code tijdig.campaigns}</li>
 * <li>{@code wave}: the wave arithmetic, pure rules: when each wave goes out, which is
 * due or missed</li>
 * <li>{@code fanout}: Quartz as the clock, and each wave's fan-out to the confirmed
 * audience, once, with a checkpoint per batch</li>
 * <li>{@code reminder}: the reminder requests this service emits, through the outbox</li>
 * <li>{@code inbox}: which events were already processed, so a redelivery changes
 * nothing</li>
 * </ul>
 */
package nl.tijdig.scheduler;
