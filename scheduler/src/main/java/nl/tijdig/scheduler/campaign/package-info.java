/**
 * The campaigns as far as scheduling needs them: status, deadline, time zone and waves,
 * projected from the compacted {@code tijdig.campaigns} topic. A published campaign's
 * waves are planned (and an invalid plan refused) before anything is stored; other
 * features hear of each applied definition through
 * {@link nl.tijdig.scheduler.campaign.CampaignChanged} and read the current plan from
 * {@link nl.tijdig.scheduler.campaign.CampaignSchedules}. The content of the emails is
 * the notifier's business and is not kept here.
 */
package nl.tijdig.scheduler.campaign;
