package org.cgiserver.files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How much a client wants a coding, read from its {@code Accept-Encoding} as RFC 9110
 * says.
 */
class PrecompressedFilesTests {

	@Test
	void aNamedCodingHasItsWeightOrOne() {
		assertThat(PrecompressedFiles.quality("gzip, deflate, br, zstd", "br")).isEqualTo(1);
		assertThat(PrecompressedFiles.quality("GZIP ; Q=0.5", "gzip")).isEqualTo(0.5);
		assertThat(PrecompressedFiles.quality("x-gzip", "gzip")).isEqualTo(1);
	}

	@Test
	void aRefusedOrUnnamedCodingIsNotWanted() {
		assertThat(PrecompressedFiles.quality(null, "gzip")).isZero();
		assertThat(PrecompressedFiles.quality("", "gzip")).isZero();
		assertThat(PrecompressedFiles.quality("identity", "gzip")).isZero();
		assertThat(PrecompressedFiles.quality("gzip;q=0", "gzip")).isZero();
		assertThat(PrecompressedFiles.quality("gzip;q=0, *", "gzip")).isZero();
		assertThat(PrecompressedFiles.quality("brotli", "br")).isZero();
	}

	@Test
	void anyCodingCountsForThoseNotNamed() {
		assertThat(PrecompressedFiles.quality("*", "br")).isEqualTo(1);
		assertThat(PrecompressedFiles.quality("gzip, *;q=0", "br")).isZero();
	}

	@Test
	void aMalformedWeightRefuses() {
		assertThat(PrecompressedFiles.quality("gzip;q=lots", "gzip")).isZero();
		assertThat(PrecompressedFiles.quality("gzip;q=2", "gzip")).isZero();
		assertThat(PrecompressedFiles.quality("gzip;q=NaN", "gzip")).isZero();
	}

}
