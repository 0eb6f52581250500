package org.partnerportal.nda;

import org.partnerportal.testsupport.MongoCommandLog;

import jakarta.inject.Singleton;

/** The driver's commands, for the round-trip counts of {@link ProjectionBatchTest}. */
@Singleton
public class CommandCounter extends MongoCommandLog {
}
