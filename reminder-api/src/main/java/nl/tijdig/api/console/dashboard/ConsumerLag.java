package nl.tijdig.api.console.dashboard;

import java.time.Instant;
import java.util.List;

/**
 * How far each consumer group of the platform is behind on the tijdig topics, as the
 * broker last told it; part of the JSON the dashboard polls.
 *
 * @param asOf when the broker was asked
 * @param known whether the broker answered in time; when not, no group has topics or
 * members
 * @param groups the configured groups, in their configured order
 */
record ConsumerLag(Instant asOf, boolean known, List<Group> groups) {

	static ConsumerLag unknown(Instant asOf, List<String> groups) {
		return new ConsumerLag(asOf, false, groups.stream().map((group) -> new Group(group, null, List.of())).toList());
	}

	/**
	 * One consumer group.
	 *
	 * @param members how many consumers are in the group now: none means nobody is
	 * working on its topics; {@code null} when unknown
	 * @param topics each tijdig topic the group has committed offsets on, by name
	 */
	record Group(String group, Integer members, List<TopicLag> topics) {
	}

	/**
	 * @param lag records on the topic after the group's committed offsets, summed over
	 * the partitions it has committed on
	 */
	record TopicLag(String topic, long lag) {
	}

}
