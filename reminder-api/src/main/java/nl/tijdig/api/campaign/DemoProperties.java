package nl.tijdig.api.campaign;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A demo campaign whose deadline is minutes away, so that sign-up, confirmation, every
 * wave and the deadline can be watched in one sitting.
 *
 * @param enabled whether to (re)create the demo campaign at start-up
 * @param deadlineIn how far after start-up the deadline lies
 * @param waves how long before the deadline each wave goes out
 * @param contentFrom the slug of the campaign whose content the demo borrows
 * @param keepDataFor how long after the deadline its subscribers are erased; never before
 * the deadline, while the demo still takes sign-ups
 */
@ConfigurationProperties("tijdig.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled, @DefaultValue("demo") String slug,
		@DefaultValue("15m") Duration deadlineIn, @DefaultValue( {
				"12m", "9m", "6m", "3m" }) List<Duration> waves,
		@DefaultValue("linkedin-ai-training") String contentFrom, @DefaultValue("1d") Duration keepDataFor){

	public DemoProperties {
		if (keepDataFor.isNegative()) {
			throw new IllegalArgumentException("tijdig.demo.keep-data-for must not be negative: the demo's "
					+ "subscribers would be erased before its deadline, while it still takes sign-ups");
		}
	}

}
