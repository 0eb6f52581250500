package org.partnerportal.engagement;

import org.partnerportal.testsupport.MongoCommandLog;

import jakarta.inject.Singleton;

/** The driver's commands, for the round-trip counts of {@link TimelineBatchTest}. */
@Singleton
public class CommandCounter extends MongoCommandLog {
}
