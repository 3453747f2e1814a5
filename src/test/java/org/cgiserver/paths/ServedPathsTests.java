package org.cgiserver.paths;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class ServedPathsTests {

	private final AtomicInteger lookups = new AtomicInteger();

	private final ServedPaths counting = (path) -> {
		this.lookups.incrementAndGet();
		return List.of(new ServedPath(path, "/cgi-bin/app.sh"));
	};

	@Test
	void everyoneWhoAsksAboutOneRequestSharesOneLookUp() {
		MockHttpServletRequest request = request("/cgi-bin/app.sh/x");
		List<ServedPath> first = this.counting.of(request);
		assertThat(this.counting.of(request)).isSameAs(first);
		assertThat(this.lookups).hasValue(1);
		assertThat(first).containsExactly(new ServedPath("/cgi-bin/app.sh/x", "/cgi-bin/app.sh"));
	}

	@Test
	void aForwardedRequestsNewPathIsLookedUpAgain() {
		MockHttpServletRequest request = request("/cgi-bin/app.sh/x");
		this.counting.of(request);
		request.setServletPath("/cgi-bin/app.sh/y");
		assertThat(this.counting.of(request)).containsExactly(new ServedPath("/cgi-bin/app.sh/y", "/cgi-bin/app.sh"));
		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void anotherLookUpIsNotAnsweredWithThisOnesFindings() {
		MockHttpServletRequest request = request("/cgi-bin/app.sh/x");
		this.counting.of(request);
		assertThat(ServedPaths.URL_ONLY.of(request)).containsExactly(new ServedPath("/cgi-bin/app.sh/x", null));
		assertThat(this.counting.of(request)).containsExactly(new ServedPath("/cgi-bin/app.sh/x", "/cgi-bin/app.sh"));
	}

	private static MockHttpServletRequest request(String path) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
		request.setServletPath(path);
		return request;
	}

}
