package org.partnerportal.partner;

import org.partnerportal.testsupport.MongoCommandLog;

import jakarta.inject.Singleton;

/** The driver's commands, for the round-trip counts of {@link ActivityBatchTest}. */
@Singleton
public class CommandCounter extends MongoCommandLog {
}
