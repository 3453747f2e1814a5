package org.cgiserver.paths;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsTests {

	private static MockHttpServletRequest request(String servletPath, String pathInfo) {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setServletPath(servletPath);
		request.setPathInfo(pathInfo);
		return request;
	}

	@Test
	void servletPathAndPathInfoAreJoined() {
		assertThat(RequestPaths.decodedPath(request("/cgi-bin", "/a b/c"))).isEqualTo("/cgi-bin/a b/c");
	}

	@Test
	void servletPathAloneWithoutPathInfo() {
		assertThat(RequestPaths.decodedPath(request("/docs/page.html", null))).isEqualTo("/docs/page.html");
	}

	@Test
	void pathInfoAloneUnderARootServlet() {
		assertThat(RequestPaths.decodedPath(request("", "/x"))).isEqualTo("/x");
	}

	@Test
	void emptyPathIsTheRoot() {
		assertThat(RequestPaths.decodedPath(request("", null))).isEqualTo("/");
	}

}
