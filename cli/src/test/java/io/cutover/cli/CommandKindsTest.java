package io.cutover.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command is declared in {@link CommandKinds}, and every state-changing one needs --execute. */
class CommandKindsTest {

    private static void walk(CommandLine cl, String path, List<CommandLine> out, List<String> paths) {
        for (var e : cl.getSubcommands().entrySet()) {
            String p = path.isEmpty() ? e.getKey() : path + " " + e.getKey();
            out.add(e.getValue());
            paths.add(p);
            walk(e.getValue(), p, out, paths);
        }
    }

    @Test
    void everyCommandIsDeclaredAsReadOnlyServiceOrStateChanging() {
        List<CommandLine> commands = new ArrayList<>();
        List<String> paths = new ArrayList<>();
        walk(Main.newCommandLine(), "", commands, paths);
        assertThat(paths).isNotEmpty().allSatisfy(p -> assertThat(CommandKinds.KINDS).as("declared in CommandKinds").containsKey(p));
        List<String> declaredPaths = CommandKinds.KINDS.keySet().stream().map(k -> k.replaceAll(" --.*", "")).distinct().toList();
        assertThat(paths).as("no declared command is missing from the command line").containsAll(declaredPaths);
    }

    @Test
    void everyStateChangingCommandNeedsExecuteWhichIsOffByDefault() {
        CommandLine root = Main.newCommandLine();
        assertThat(CommandKinds.stateChanging()).contains("flip-reads", "switch-writes", "rollback", "replay", "resnapshot",
                "dlq replay", "verify --repair", "capture --uninstall");
        for (String entry : CommandKinds.stateChanging()) {
            String[] words = entry.split(" --", 2);
            CommandLine cl = root;
            for (String w : words[0].split(" ")) {
                cl = cl.getSubcommands().get(w);
            }
            OptionSpec execute = cl.getCommandSpec().findOption("--execute");
            assertThat(execute).as("%s has --execute", entry).isNotNull();
            assertThat(execute.typeInfo().getType()).as("%s --execute is a flag", entry).isIn(boolean.class, Boolean.class);
            assertThat(execute.defaultValue()).as("%s is a dry run by default", entry).isIn(null, "false");
            if (words.length > 1) {
                assertThat(cl.getCommandSpec().findOption("--" + words[1])).as("%s has its option", entry).isNotNull();
            }
        }
    }
}
