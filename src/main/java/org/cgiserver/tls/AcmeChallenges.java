package org.cgiserver.tls;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The http-01 challenges being validated now: the CA fetches
 * {@code /.well-known/acme-challenge/TOKEN} over plain HTTP and gets the key
 * authorization, answered from memory (nothing is written into the document root).
 */
final class AcmeChallenges {

	static final String PATH = "/.well-known/acme-challenge/";

	private final Map<String, String> authorizations = new ConcurrentHashMap<>();

	void publish(String token, String authorization) {
		this.authorizations.put(token, authorization);
	}

	void withdraw(String token) {
		this.authorizations.remove(token);
	}

	/**
	 * The answer to a challenge request.
	 * @param token the token the request's path names
	 * @return the key authorization, or {@code null} when no such challenge is pending
	 */
	@Nullable String answer(String token) {
		return this.authorizations.get(token);
	}

}
