package dev.txlab.trace;

import java.util.List;

/**
 * What a key held at one moment, as data for traces: its type, a string's bytes or a
 * collection's size and first few elements, and its remaining time to live (-1: none).
 * A missing key is represented by null, not by a snapshot.
 */
public record ValueSnapshot(String type, byte[] string, long size, List<byte[]> sample, long ttlMillis) {
    /** How many elements of a collection a snapshot keeps. */
    public static final int SAMPLE = 4;
}
