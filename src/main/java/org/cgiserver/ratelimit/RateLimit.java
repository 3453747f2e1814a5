package org.cgiserver.ratelimit;

import io.micrometer.core.instrument.Counter;

/**
 * One rate limit at work: its rule, its clients' allowances and the count of requests it
 * refused.
 *
 * @param rule the rule
 * @param clients the allowance of each client address
 * @param refused the counter of refused requests
 */
record RateLimit(RateLimitRule rule, ClientBuckets clients, Counter refused) {
}
