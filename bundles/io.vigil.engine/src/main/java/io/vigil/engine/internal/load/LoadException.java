package io.vigil.engine.internal.load;

/** A problem that stops loading a file, carrying Falco's error code and the place. */
public final class LoadException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String code;
    private final transient Location location;
    private final String itemType;
    private final String itemName;

    public LoadException(String code, String message, Location location, String itemType, String itemName) {
        super(message);
        this.code = code;
        this.location = location;
        this.itemType = itemType;
        this.itemName = itemName;
    }

    public String code() {
        return code;
    }

    public Location location() {
        return location;
    }

    public String itemType() {
        return itemType;
    }

    public String itemName() {
        return itemName;
    }
}
