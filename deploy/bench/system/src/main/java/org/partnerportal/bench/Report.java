package org.partnerportal.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures as one table: a row per measurement, a column per data size; notes above it. */
final class Report {

    private final List<String> columns = new ArrayList<>();
    private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();
    private final Map<String, String> notes = new LinkedHashMap<>();

    void column(String name) {
        columns.add(name);
    }

    void put(String row, String column, String value) {
        rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(column, value);
    }

    void note(String name, String value) {
        notes.put(name, value);
    }

    /** Prints a Markdown table, so the output can go into the README as it is. */
    void print() {
        System.out.println();
        notes.forEach((k, v) -> System.out.println(k + ": " + v));
        System.out.printf("JVM %s, %d CPUs%n%n", System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        StringBuilder header = new StringBuilder("| measurement |");
        StringBuilder rule = new StringBuilder("| --- |");
        for (String c : columns) {
            header.append(' ').append(c).append(" |");
            rule.append(" --- |");
        }
        System.out.println(header);
        System.out.println(rule);
        rows.forEach((row, values) -> {
            StringBuilder line = new StringBuilder("| ").append(row).append(" |");
            for (String c : columns) {
                line.append(' ').append(values.getOrDefault(c, "")).append(" |");
            }
            System.out.println(line);
        });
    }
}
