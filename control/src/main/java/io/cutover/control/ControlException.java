package io.cutover.control;

/** A control command that must not go on, with a message that says why and what to do. */
public final class ControlException extends RuntimeException {
    public ControlException(String message) {
        super(message);
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
    }
}
