package dev.txlab.engine.command;

import dev.txlab.engine.CommandContext;
import dev.txlab.protocol.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HELP subcommands' reply, as Redis's addReplyHelp builds it around a command's lines. */
public final class Help {
    private Help() {}

    public static Reply reply(CommandContext ctx, String... lines) {
        List<Reply> out = new ArrayList<>();
        out.add(new Reply.Simple(ctx.text(0).toUpperCase(Locale.ROOT) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"));
        for (String line : lines) out.add(new Reply.Simple(line));
        out.add(new Reply.Simple("HELP"));
        out.add(new Reply.Simple("    Prints this help."));
        return Reply.array(out);
    }
}
