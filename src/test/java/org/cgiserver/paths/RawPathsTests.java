package org.cgiserver.paths;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which paths {@link RawPaths} finds not clean, and how it encodes a decoded one.
 */
class RawPathsTests {

	@ParameterizedTest
	@ValueSource(strings = { "//actuator/health", "/actuator/./health", "/actuator/health/../x", "/a//b/", "/a/b/..",
			"/a/b/.", "/a/%2e%2e/b", "/a/%2E/b", "/a/..;x/b", "/a/.;x/b", "/actuator/;a/../prometheus", "/a/;x/b",
			"//", "/./", "/..", "/%2e%2e/x" })
	void findsDoubledSlashesDotSegmentsAndEmptySegmentsWithParameters(String raw) {
		assertThat(RawPaths.needsCleaning(raw)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/actuator/health", "/a/b/", "/..a/b..c/.x", "/a/%2e%2ex", "/a;x/b", "/%2eenv",
			"/a/..%2fb", "/a/b.", "*", "" })
	void leavesCleanPathsAlone(String raw) {
		assertThat(RawPaths.needsCleaning(raw)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/x/../cgi-bin/env.sh", "/cgi-bin//env.sh", "/a/%2e%2e/b?q", "/a/x%2F..%2Fb",
			"/a/x%2f..", "/a/x%5C..", "/a/x%5c", "/a\\b" })
	void refusesToForwardToPathsNotMappedAsWritten(String location) {
		assertThat(RawPaths.isForwardable(location)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/page.html", "/cgi-bin/env.sh?from=local", "/a/b/?x=/../%2F", "/a%20b/c" })
	void forwardsToCleanPaths(String location) {
		assertThat(RawPaths.isForwardable(location)).isTrue();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "/actuator/health|/actuator/health", "/|/", "/a/b/|/a/b/",
			"/a b/é|/a%20b/%C3%A9", "/a;x/b|/a%3Bx/b", "/100%/?#|/100%25/%3F%23", "/a:b@c|/a:b@c" })
	void encodesSoThatReadingBackGivesTheSameSegments(String decoded, String encoded) {
		assertThat(RawPaths.encode(decoded)).isEqualTo(encoded);
	}

}
