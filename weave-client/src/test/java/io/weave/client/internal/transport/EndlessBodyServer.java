package io.weave.client.internal.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A hostile server on 127.0.0.1: answers every request with a status and a body of the given
 * length, written until the client hangs up, and tells how much it managed to write.
 */
public final class EndlessBodyServer implements AutoCloseable {

	private final ServerSocket socket;

	private final int status;

	private final long length;

	private final CompletableFuture<Long> written = new CompletableFuture<>();

	public EndlessBodyServer(int status, long length) throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.status = status;
		this.length = length;
		Thread thread = new Thread(this::serve, "endless-body-server");
		thread.setDaemon(true);
		thread.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	/** The body bytes written to the first client before it hung up or the body ended. */
	public long awaitWritten() throws Exception {
		return this.written.get(60, TimeUnit.SECONDS);
	}

	private void serve() {
		try (Socket client = this.socket.accept()) {
			skipRequest(client.getInputStream());
			OutputStream out = client.getOutputStream();
			out.write(("HTTP/1.1 " + this.status + " Hostile\r\nContent-Type: text/plain\r\nContent-Length: "
					+ this.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			byte[] chunk = new byte[64 * 1024];
			java.util.Arrays.fill(chunk, (byte) 'x');
			long sent = 0;
			try {
				while (sent < this.length) {
					int n = (int) Math.min(chunk.length, this.length - sent);
					out.write(chunk, 0, n);
					sent += n;
				}
				out.flush();
			}
			catch (IOException ex) {
				// the client hung up
			}
			this.written.complete(sent);
		}
		catch (IOException ex) {
			this.written.completeExceptionally(ex);
		}
	}

	/** Reads the request head and its body, as given by Content-Length. */
	private static void skipRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b < 0) {
				return;
			}
			head.append((char) b);
		}
		long length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
				length = Long.parseLong(line.substring(15).trim());
			}
		}
		in.readNBytes((int) length);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

}
