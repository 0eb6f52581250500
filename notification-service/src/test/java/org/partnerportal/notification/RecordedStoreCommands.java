package org.partnerportal.notification;

import org.partnerportal.testsupport.StoreCommands;

import jakarta.inject.Singleton;

/** The MongoDB commands this service sends, for the tests that count them. */
@Singleton
public class RecordedStoreCommands extends StoreCommands {
}
