package io.weave.sample;

/** What a ticket is about. */
public enum Category {

	SHIPPING, RETURNS, BILLING, GENERAL

}
