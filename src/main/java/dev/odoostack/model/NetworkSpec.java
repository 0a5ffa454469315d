package dev.odoostack.model;

/**
 * A Docker network of the stack.
 *
 * @param internal true for a network without a route out of the host (the database network)
 */
public record NetworkSpec(String name, String dockerName, boolean internal) {
}
