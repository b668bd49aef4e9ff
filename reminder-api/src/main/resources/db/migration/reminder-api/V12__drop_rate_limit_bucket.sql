-- The console's login and test-send limits moved to token_bucket. Their old buckets are
-- not carried over: each limit starts afresh once, as the sign-up limits did in V11.
DROP TABLE rate_limit_bucket;
