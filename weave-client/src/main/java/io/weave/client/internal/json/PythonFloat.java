package io.weave.client.internal.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Python's {@code repr(float)}: the shortest decimal that reads back as the same double (the
 * closest one if several are equally short), written in fixed notation when the decimal
 * exponent is in [-4, 16), else as {@code 1.5e+300}, {@code 1e-05}.
 * <p>
 * {@link Double#toString(double)} cannot be used as is: before Java 19 it sometimes prints
 * more digits than needed ({@code 2e23} comes out as {@code 1.9999999999999998E23}).
 */
final class PythonFloat {

	/**
	 * Normal doubles are spaced closer than decimals of this many digits, so at most one such
	 * decimal reads back as a given double: if Java's digits are this few, they are the answer.
	 */
	private static final int UNAMBIGUOUS_DIGITS = 15;

	private PythonFloat() {
	}

	static String repr(double value) {
		if (Double.isNaN(value)) {
			return "NaN";
		}
		if (Double.isInfinite(value)) {
			return (value > 0) ? "Infinity" : "-Infinity";
		}
		if (value == 0) {
			return ((Double.doubleToRawLongBits(value) < 0) ? "-" : "") + "0.0";
		}
		BigDecimal shortest = shortest(Math.abs(value));
		String digits = shortest.unscaledValue().toString();
		int decimalPoint = digits.length() - shortest.scale();
		return ((value < 0) ? "-" : "") + format(digits, decimalPoint);
	}

	/** The shortest decimal that reads back as {@code value}, without trailing zeros. */
	private static BigDecimal shortest(double value) {
		BigDecimal javas = new BigDecimal(Double.toString(value)).stripTrailingZeros();
		if (javas.precision() <= UNAMBIGUOUS_DIGITS && value >= Double.MIN_NORMAL) {
			return javas;
		}
		BigDecimal exact = new BigDecimal(value);
		for (int precision = 1; precision < 17; precision++) {
			BigDecimal down = exact.round(new MathContext(precision, RoundingMode.FLOOR));
			BigDecimal up = exact.round(new MathContext(precision, RoundingMode.CEILING));
			boolean downRoundTrips = readsBackAs(down, value);
			boolean upRoundTrips = readsBackAs(up, value);
			if (downRoundTrips && upRoundTrips) {
				return closer(exact, down, up).stripTrailingZeros();
			}
			if (downRoundTrips || upRoundTrips) {
				return (downRoundTrips ? down : up).stripTrailingZeros();
			}
		}
		return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
	}

	/** The nearer of two neighbours; on a tie the one with an even last digit, as Python. */
	private static BigDecimal closer(BigDecimal exact, BigDecimal down, BigDecimal up) {
		int comparison = exact.subtract(down).compareTo(up.subtract(exact));
		if (comparison != 0) {
			return (comparison < 0) ? down : up;
		}
		return down.unscaledValue().testBit(0) ? up : down;
	}

	private static boolean readsBackAs(BigDecimal decimal, double value) {
		return Double.parseDouble(decimal.toString()) == value;
	}

	/** Lays out {@code 0.digits × 10^decimalPoint} the way CPython's {@code float_repr} does. */
	private static String format(String digits, int decimalPoint) {
		StringBuilder out = new StringBuilder(digits.length() + 8);
		if (decimalPoint > -4 && decimalPoint <= 16) {
			if (decimalPoint <= 0) {
				out.append("0.");
				out.append("0".repeat(-decimalPoint)).append(digits);
			}
			else if (decimalPoint >= digits.length()) {
				out.append(digits).append("0".repeat(decimalPoint - digits.length())).append(".0");
			}
			else {
				out.append(digits, 0, decimalPoint).append('.').append(digits, decimalPoint, digits.length());
			}
			return out.toString();
		}
		out.append(digits.charAt(0));
		if (digits.length() > 1) {
			out.append('.').append(digits, 1, digits.length());
		}
		int exponent = decimalPoint - 1;
		out.append('e').append((exponent < 0) ? '-' : '+');
		int magnitude = Math.abs(exponent);
		if (magnitude < 10) {
			out.append('0');
		}
		return out.append(magnitude).toString();
	}

}
