/**
 * The campaigns as far as scheduling needs them: status, deadline, time zone and waves,
 * projected from the compacted {@code tijdig.campaigns} topic. The content of the emails
 * is the notifier's business and is not kept here.
 */
package nl.tijdig.scheduler.campaign;
