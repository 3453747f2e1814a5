package org.cgiserver.tls;

import org.cgiserver.tls.PlainHttpAnswer.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the plain HTTP port does with a path, as the client sent it and as the container
 * mapped it.
 */
class PlainHttpAnswerTests {

	private static final String CHALLENGE = "/.well-known/acme-challenge/";

	@ParameterizedTest
	@ValueSource(strings = { "GET", "HEAD" })
	void aCleanChallengePathIsAnswered(String method) {
		assertThat(PlainHttpAnswer.of(method, CHALLENGE + "Ab-9_z", "", CHALLENGE + "Ab-9_z"))
			.isEqualTo(new PlainHttpAnswer(Kind.CHALLENGE, "Ab-9_z"));
	}

	@Test
	void aChallengeUnderTheContextPathIsAnswered() {
		assertThat(PlainHttpAnswer.of("GET", "/app" + CHALLENGE + "token", "/app", CHALLENGE + "token"))
			.isEqualTo(new PlainHttpAnswer(Kind.CHALLENGE, "token"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "POST", "PUT", "get", "OPTIONS", "DELETE" })
	void aChallengeIsOnlyFetched(String method) {
		assertThat(PlainHttpAnswer.of(method, CHALLENGE + "token", "", CHALLENGE + "token"))
			.isEqualTo(new PlainHttpAnswer(Kind.REDIRECT, CHALLENGE + "token"));
	}

	/**
	 * The container mapped what follows each raw path; none of them is a challenge, and
	 * the client is sent to the mapped path, never to the raw one.
	 */
	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { //
			"/.well-known/acme-challenge/..;/..;/private/secret.txt|/private/secret.txt",
			"/.well-known/acme-challenge/../../cgi-bin/public.sh|/cgi-bin/public.sh",
			"/.well-known/acme-challenge/%2e%2e/%2E%2E/private/secret.txt|/private/secret.txt",
			"/.well-known/acme-challenge//token|/.well-known/acme-challenge/token",
			"/.well-known/acme-challenge/token;x|/.well-known/acme-challenge/token",
			"/.well-known/acme-challenge;x/token|/.well-known/acme-challenge/token",
			"/.well-known/./acme-challenge/token|/.well-known/acme-challenge/token",
			"/.well-known/acme-challenge/tok%65n|/.well-known/acme-challenge/token",
			"/.well-known/acme-challenge/token/..|/.well-known/acme-challenge/",
			"/.well-known/acme-challenge/|/.well-known/acme-challenge/",
			"/.well-known/acme-challenge/a/b|/.well-known/acme-challenge/a/b",
			"/.well-known/acme-challenge/a.b|/.well-known/acme-challenge/a.b",
			"/.well-known/acme-challenge/a%20b|/.well-known/acme-challenge/a b",
			"/.well-known/acme-challenge/a=|/.well-known/acme-challenge/a=",
			"/.well-known/acme-challenge/a~|/.well-known/acme-challenge/a~",
			"/.well-known/acme-challenge/a+b|/.well-known/acme-challenge/a+b",
			"/.well-known/acme-challenge/é|/.well-known/acme-challenge/é",
			"/.well-known/acme-challengetoken|/.well-known/acme-challengetoken",
			"/x/.well-known/acme-challenge/token|/x/.well-known/acme-challenge/token",
			"/private/secret.txt|/private/secret.txt", "/|/" })
	void everythingElseGoesToTheMappedPathOnHttps(String raw, String decoded) {
		PlainHttpAnswer answer = PlainHttpAnswer.of("GET", raw, "", decoded);
		assertThat(answer.kind()).isEqualTo(Kind.REDIRECT);
		assertThat(answer.target()).isEqualTo(org.cgiserver.paths.RawPaths.encode(decoded));
	}

	@Test
	void theRedirectKeepsTheContextPathAndEncodesThePath() {
		assertThat(PlainHttpAnswer.of("GET", "/app/a%20b/..;/c;d", "/app", "/c"))
			.isEqualTo(new PlainHttpAnswer(Kind.REDIRECT, "/app/c"));
		assertThat(PlainHttpAnswer.of("GET", "/a%3Bb/%3F", "", "/a;b/?"))
			.isEqualTo(new PlainHttpAnswer(Kind.REDIRECT, "/a%3Bb/%3F"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "*", "", "x/y", "/.well-known/acme-challenge/..%2F..%2Fprivate",
			"/.well-known/acme-challenge/..%2f..%2fprivate", "/.well-known/acme-challenge/..%5C..%5Cprivate",
			"/.well-known/acme-challenge/..%5c", "/.well-known/acme-challenge/..\\..\\private" })
	void aPathWithoutACleanFormIsRefused(String raw) {
		assertThat(PlainHttpAnswer.of("GET", raw, "", "/private")).isEqualTo(new PlainHttpAnswer(Kind.REFUSE, ""));
	}

	@Test
	void aTokenIsOneSegmentOfBase64UrlCharacters() {
		assertThat(PlainHttpAnswer.isToken("ABCXYZabcxyz0189-_")).isTrue();
		assertThat(PlainHttpAnswer.isToken("")).isFalse();
		for (String token : new String[] { "a/b", "a.b", "a=", "a+b", "a%41", "a;b", "a b", "é", "a:b" }) {
			assertThat(PlainHttpAnswer.isToken(token)).as(token).isFalse();
		}
	}

}
