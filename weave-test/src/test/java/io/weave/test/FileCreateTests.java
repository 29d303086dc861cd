package io.weave.test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@code POST /file/create} of {@link FakeWeaveServer}.
 */
class FileCreateTests {

	private static final String BOUNDARY = "----weave-test-boundary-7MA4YWxkTrZu0gW";

	@AutoClose
	private final FakeWeaveServer server = FakeWeaveServer.builder().start();

	private final TestHttp http = new TestHttp(this.server);

	@Test
	void answersTheBytesDigestOfTheFile() {
		byte[] content = "print('hello 8')\n".getBytes(StandardCharsets.UTF_8);
		HttpResponse<String> response = post(new Form().field("project_id", Records.PROJECT)
			.file("file", "obj.py", content));
		assertThat(response.statusCode()).isEqualTo(200);
		// Computed with Python: base64url of SHA-256 is 35-54HS1I4_B8kca2z9IDag7dKgj7eeTfxk3GVA75bk=
		assertThat(TestHttp.json(response).path("digest").stringValue())
			.isEqualTo("35X54HS1I4YB8kca2z9IDag7dKgj7eeTfxk3GVA75bk");
		ReceivedFile file = this.server.files().get(0);
		assertThat(file.projectId()).isEqualTo(Records.PROJECT);
		assertThat(file.name()).isEqualTo("obj.py");
		assertThat(file.contentAsString()).isEqualTo("print('hello 8')\n");
		assertThat(file.expectedDigest()).isNull();
	}

	@Test
	void keepsBinaryContentThatLooksLikeDelimitersIntact() {
		byte[] content = ("\r\n--" + BOUNDARY.substring(0, 10) + "\r\n\r\n\u0000\u00ff--\r\n").getBytes(
				StandardCharsets.ISO_8859_1);
		HttpResponse<String> response = post(new Form().file("file", "blob.bin", content)
			.field("project_id", Records.PROJECT));
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(this.server.files().get(0).content()).isEqualTo(content);
		assertThat(TestHttp.json(response).path("digest").stringValue()).isEqualTo(WeaveDigests.bytesDigest(content));
	}

	@Test
	void recordsTheExpectedDigest() {
		byte[] content = "def my_op():\n    return 42\n".getBytes(StandardCharsets.UTF_8);
		post(new Form().field("project_id", Records.PROJECT)
			.file("file", "obj.py", content)
			.field("expected_digest", "GWFdF6jyloKec1kPgIzmArfIv6Q5LqgRYDaH4GCBXWE"));
		ReceivedFile file = this.server.files().get(0);
		assertThat(file.digest()).isEqualTo("GWFdF6jyloKec1kPgIzmArfIv6Q5LqgRYDaH4GCBXWE");
		assertThat(file.hasDigestMismatch()).isFalse();
	}

	@Test
	void missingFieldsAreRejected() {
		HttpResponse<String> response = post(new Form().field("other", "x"));
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("\"project_id\"").contains("\"file\"").contains("\"missing\"");
	}

	@Test
	void fileWithoutFilenameIsRejected() {
		HttpResponse<String> response = post(
				new Form().field("project_id", Records.PROJECT).field("file", "just text"));
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(response.body()).contains("Expected UploadFile");
	}

	@Test
	void nonMultipartBodyIsRejected() {
		HttpResponse<String> response = this.http.post("/file/create", "{\"project_id\": \"a/b\"}");
		assertThat(response.statusCode()).isEqualTo(422);
		assertThat(this.server.files()).isEmpty();
	}

	@Test
	void fileCreateRequiresCredentials() {
		HttpResponse<String> response = this.http.post(this.http.request("/file/create")
			.header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
			.POST(HttpRequest.BodyPublishers.ofByteArray(new Form().field("project_id", Records.PROJECT)
				.file("file", "obj.py", new byte[] { 1 })
				.toBytes())));
		assertThat(response.statusCode()).isEqualTo(401);
	}

	private HttpResponse<String> post(Form form) {
		return this.http.post(this.http.request("/file/create")
			.header("Authorization", this.http.authorization())
			.header("Content-Type", "multipart/form-data; boundary=\"" + BOUNDARY + "\"")
			.POST(HttpRequest.BodyPublishers.ofByteArray(form.toBytes())));
	}

	/**
	 * Writes a multipart/form-data body as Python's requests library does.
	 */
	private static final class Form {

		private final ByteArrayOutputStream body = new ByteArrayOutputStream();

		Form field(String name, String value) {
			write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value
					+ "\r\n");
			return this;
		}

		Form file(String name, String filename, byte[] content) {
			write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
					+ "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
			this.body.writeBytes(content);
			write("\r\n");
			return this;
		}

		byte[] toBytes() {
			write("--" + BOUNDARY + "--\r\n");
			return this.body.toByteArray();
		}

		private void write(String text) {
			this.body.writeBytes(text.getBytes(StandardCharsets.UTF_8));
		}

	}

}
