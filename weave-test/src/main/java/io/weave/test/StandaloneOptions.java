package io.weave.test;

/**
 * The command line of {@link FakeWeaveServer#main(String[])}.
 *
 * @param port the port to listen on, 0 for any free port
 * @param apiKey the API key to expect
 * @param callsCompleteMode whether to refuse the legacy call endpoints
 * @param strict whether to validate in strict mode
 * @param help whether to print the usage and exit
 */
record StandaloneOptions(int port, String apiKey, boolean callsCompleteMode, boolean strict, boolean help) {

	static final int DEFAULT_PORT = 8765;

	static final String USAGE = """
			Usage: java -cp <classpath> io.weave.test.FakeWeaveServer [options]
			  --port=N                 port to listen on, on 127.0.0.1 (default 8765, 0 for any free port)
			  --api-key=KEY            API key to expect as the HTTP Basic password of user 'api' (default test-api-key)
			  --calls-complete-mode    answer /call/start, /call/end and /call/upsert_batch with 400
			                           CALLS_COMPLETE_MODE_REQUIRED, like a project pinned to calls complete mode
			  --lenient                validate like the real server only (default: strict mode)
			  --help                   print this help""";

	static StandaloneOptions parse(String... args) {
		int port = DEFAULT_PORT;
		String apiKey = FakeWeaveServer.DEFAULT_API_KEY;
		boolean callsCompleteMode = false;
		boolean strict = true;
		boolean help = false;
		for (String arg : args) {
			if (arg.startsWith("--port=")) {
				port = port(arg.substring("--port=".length()));
			}
			else if (arg.startsWith("--api-key=")) {
				apiKey = arg.substring("--api-key=".length());
				if (apiKey.isEmpty()) {
					throw new IllegalArgumentException("--api-key must not be empty");
				}
			}
			else if (arg.equals("--calls-complete-mode")) {
				callsCompleteMode = true;
			}
			else if (arg.equals("--lenient")) {
				strict = false;
			}
			else if (arg.equals("--help") || arg.equals("-h")) {
				help = true;
			}
			else {
				throw new IllegalArgumentException("Unknown argument: " + arg);
			}
		}
		return new StandaloneOptions(port, apiKey, callsCompleteMode, strict, help);
	}

	private static int port(String value) {
		try {
			int port = Integer.parseInt(value);
			if (port < 0 || port > 65535) {
				throw new IllegalArgumentException("--port must be between 0 and 65535: " + value);
			}
			return port;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("--port must be a number: " + value);
		}
	}

}
