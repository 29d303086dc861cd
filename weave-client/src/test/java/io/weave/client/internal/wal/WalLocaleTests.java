package io.weave.client.internal.wal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log under a default locale whose digits are not ASCII ({@code ar}, Devanagari, Thai) or
 * whose case mapping is not ASCII's ({@code tr}: {@code "I".toLowerCase()} is a dotless i):
 * its files' names are machine-read, so a later start must recognise them.
 */
class WalLocaleTests {

	private final Locale defaultLocale = Locale.getDefault();

	@TempDir
	Path baseDir;

	@AfterEach
	void restoreLocale() {
		Locale.setDefault(this.defaultLocale);
	}

	@ParameterizedTest
	@ValueSource(strings = { "ar", "tr", "hi-IN-u-nu-deva", "th-TH-u-nu-thai" })
	void recordsWrittenUnderAForeignLocaleAreFoundAndSentAfterARestart(String languageTag) throws Exception {
		Locale.setDefault(Locale.forLanguageTag(languageTag));
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir).withSending(false))) {
			for (int i = 0; i < 5; i++) {
				assertThat(wal.writer().append(WalTestSupport.request("call-" + i)).isAppended()).isTrue();
			}
			assertThat(wal.snapshot().segments()).isEqualTo(1);
		}
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(wal.snapshot().segments()).isEqualTo(1);
			List<WalEntry> sent = WalTestSupport.drain(wal);
			assertThat(WalTestSupport.keys(sent)).containsExactly("call-0", "call-1", "call-2", "call-3", "call-4");
		}
		Locale.setDefault(this.defaultLocale);
		try (Wal wal = Wal.open(WalTestSupport.settings(this.baseDir))) {
			assertThat(wal.snapshot().segments()).isZero();
		}
	}

}
