package io.cutover.capture.json;

import java.util.Locale;

/**
 * Which names in a data directory are data files. Editors and apps leave swap, backup and temporary
 * files beside the real ones (vim {@code .users.json.swp}, emacs {@code #users.json#} and
 * {@code users.json~}, write-temp-then-rename {@code users.json.tmp} or {@code users.tmp.json}); reading
 * them as tables would invent data, so they are ignored.
 */
final class DataFileNames {
    private DataFileNames() {
    }

    static boolean isDataFile(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (!n.endsWith(".json") || n.startsWith(".") || n.startsWith("#") || n.startsWith("~")) {
            return false;
        }
        String stem = n.substring(0, n.length() - ".json".length());
        return !stem.isEmpty() && !stem.endsWith(".tmp") && !stem.endsWith(".bak") && !stem.endsWith(".backup")
                && !stem.endsWith(".orig") && !stem.endsWith(".old") && !stem.endsWith(".new")
                && !stem.matches(".*\\.tmp[-.]?[0-9a-z]*");
    }
}
