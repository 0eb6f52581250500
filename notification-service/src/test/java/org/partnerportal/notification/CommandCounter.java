package org.partnerportal.notification;

import org.partnerportal.testsupport.MongoCommandLog;

import jakarta.inject.Singleton;

/** The driver's commands, for the round-trip counts of {@link EventBatchTest}. */
@Singleton
public class CommandCounter extends MongoCommandLog {
}
