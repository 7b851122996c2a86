package dev.txlab.engine.table;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * COMMAND INFO as recorded ({@code command-info.resp}), rewritten by the build into a compact
 * binary form ({@code command-info.bin}) that the table reads at start: the same facts, read
 * straight into {@link RecordedCommands.Info} records instead of parsing RESP into a reply tree
 * and then into maps, which was a fifth of a one-file replay's start. Nothing here is written by
 * hand: {@link #main} (run by pom.xml at process-classes) converts the recorded resource, (every
 * build, so it cannot lag behind a re-recording); without it (classes compiled by something other
 * than Maven) the table parses the recording. CompactCommandsTest checks both give the same table.
 *
 * <p>Layout ({@link DataOutputStream}): magic, format version, the sizes of the two flag enums, every
 * distinct string once, then each command: name, arity, flags (ordinals), first/last key and step, ACL
 * categories, tips, key specs (notes, flags, begin search, find keys), subcommands (the same, nested);
 * strings as their number in the table.
 */
public final class CompactCommands {
    private CompactCommands() {}

    static final String RESOURCE = "command-info.bin";
    private static final int MAGIC = 0x74786369; // "txci"
    private static final int FORMAT = 2;

    /** Writes {@code DIR/command-info.bin} from the recorded resource (build time). */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CompactCommands DIR (writes DIR/" + RESOURCE + ")");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(RESOURCE)))) {
            write(RecordedCommands.parsedInfo(), out);
        }
        // Which command file binds which command, so the table loads a file's bindings when first needed.
        LazyBindings.write(dir);
    }

    static void write(List<RecordedCommands.Info> commands, OutputStream raw) throws IOException {
        // Every distinct string once, up front; the commands refer to them by number (ACL categories and
        // tips repeat hundreds of times), and flags are written as their enum's ordinal.
        Map<String, Integer> strings = new LinkedHashMap<>();
        collectStrings(commands, strings);
        DataOutputStream out = new DataOutputStream(raw);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        out.writeShort(Flag.values().length);
        out.writeShort(KeySpec.KeyFlag.values().length);
        out.writeShort(strings.size());
        for (String string : strings.keySet()) out.writeUTF(string);
        new Writer(out, strings).writeInfos(commands);
        out.flush();
    }

    /** The commands, or null when the stream is not this format: the caller then parses the recording. */
    static List<RecordedCommands.Info> read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) return null;
        if (in.readUnsignedShort() != Flag.values().length || in.readUnsignedShort() != KeySpec.KeyFlag.values().length) {
            return null; // written by a build whose flag enums differed
        }
        String[] strings = new String[in.readUnsignedShort()];
        for (int i = 0; i < strings.length; i++) strings[i] = in.readUTF();
        return new Reader(in, strings).readInfos();
    }

    private static void collectStrings(List<RecordedCommands.Info> infos, Map<String, Integer> strings) {
        for (RecordedCommands.Info i : infos) {
            add(strings, i.name());
            i.aclCategories().forEach(c -> add(strings, c));
            i.tips().forEach(t -> add(strings, t));
            for (KeySpec k : i.keySpecs()) {
                if (k.notes() != null) add(strings, k.notes());
                if (k.begin() instanceof KeySpec.Keyword w) add(strings, w.keyword());
            }
            collectStrings(i.subcommands(), strings);
        }
    }

    private static void add(Map<String, Integer> strings, String s) {
        strings.putIfAbsent(s, strings.size());
    }

    private record Writer(DataOutputStream out, Map<String, Integer> strings) {
        void writeInfos(List<RecordedCommands.Info> infos) throws IOException {
            out.writeShort(infos.size());
            for (RecordedCommands.Info i : infos) {
                string(i.name());
                out.writeInt(i.arity());
                out.writeShort(i.flags().size());
                for (Flag f : i.flags()) out.writeByte(f.ordinal());
                out.writeInt(i.firstKey());
                out.writeInt(i.lastKey());
                out.writeInt(i.keyStep());
                strings(i.aclCategories());
                strings(i.tips());
                out.writeShort(i.keySpecs().size());
                for (KeySpec k : i.keySpecs()) writeKeySpec(k);
                writeInfos(i.subcommands());
            }
        }

        private void writeKeySpec(KeySpec k) throws IOException {
            out.writeBoolean(k.notes() != null);
            if (k.notes() != null) string(k.notes());
            out.writeShort(k.flags().size());
            for (KeySpec.KeyFlag f : k.flags()) out.writeByte(f.ordinal());
            if (k.begin() instanceof KeySpec.Index i) {
                out.writeByte(0);
                out.writeInt(i.pos());
            } else if (k.begin() instanceof KeySpec.Keyword w) {
                out.writeByte(1);
                string(w.keyword());
                out.writeInt(w.startFrom());
            } else {
                out.writeByte(2);
            }
            if (k.find() instanceof KeySpec.Range r) {
                out.writeByte(0);
                out.writeInt(r.lastKey());
                out.writeInt(r.keyStep());
                out.writeInt(r.limit());
            } else if (k.find() instanceof KeySpec.KeyNum n) {
                out.writeByte(1);
                out.writeInt(n.keyNumIdx());
                out.writeInt(n.firstKey());
                out.writeInt(n.keyStep());
            } else {
                out.writeByte(2);
            }
        }

        private void strings(List<String> list) throws IOException {
            out.writeShort(list.size());
            for (String s : list) string(s);
        }

        private void string(String s) throws IOException {
            out.writeShort(strings.get(s));
        }
    }

    private static final class Reader {
        private final DataInputStream in;
        private final String[] strings;
        private final Flag[] flags = Flag.values();
        private final KeySpec.KeyFlag[] keyFlags = KeySpec.KeyFlag.values();

        Reader(DataInputStream in, String[] strings) {
            this.in = in;
            this.strings = strings;
        }

        List<RecordedCommands.Info> readInfos() throws IOException {
            int n = in.readUnsignedShort();
            List<RecordedCommands.Info> infos = new ArrayList<>(n);
            for (int c = 0; c < n; c++) {
                String name = string();
                int arity = in.readInt();
                int flagCount = in.readUnsignedShort();
                Set<Flag> set = EnumSet.noneOf(Flag.class);
                for (int f = 0; f < flagCount; f++) set.add(flags[in.readUnsignedByte()]);
                int firstKey = in.readInt();
                int lastKey = in.readInt();
                int keyStep = in.readInt();
                List<String> acl = strings();
                List<String> tips = strings();
                int specCount = in.readUnsignedShort();
                List<KeySpec> specs = new ArrayList<>(specCount);
                for (int s = 0; s < specCount; s++) specs.add(readKeySpec());
                infos.add(new RecordedCommands.Info(name, arity, set, firstKey, lastKey, keyStep, acl, tips, specs, readInfos()));
            }
            return infos;
        }

        private KeySpec readKeySpec() throws IOException {
            String notes = in.readBoolean() ? string() : null;
            int flagCount = in.readUnsignedShort();
            Set<KeySpec.KeyFlag> set = EnumSet.noneOf(KeySpec.KeyFlag.class);
            for (int f = 0; f < flagCount; f++) set.add(keyFlags[in.readUnsignedByte()]);
            KeySpec.BeginSearch begin = switch (in.readByte()) {
                case 0 -> new KeySpec.Index(in.readInt());
                case 1 -> new KeySpec.Keyword(string(), in.readInt());
                case 2 -> new KeySpec.UnknownBegin();
                default -> throw new IOException("bad begin_search tag");
            };
            KeySpec.FindKeys find = switch (in.readByte()) {
                case 0 -> new KeySpec.Range(in.readInt(), in.readInt(), in.readInt());
                case 1 -> new KeySpec.KeyNum(in.readInt(), in.readInt(), in.readInt());
                case 2 -> new KeySpec.UnknownFind();
                default -> throw new IOException("bad find_keys tag");
            };
            return new KeySpec(notes, set, begin, find);
        }

        private List<String> strings() throws IOException {
            int n = in.readUnsignedShort();
            if (n == 0) return List.of();
            String[] out = new String[n];
            for (int i = 0; i < n; i++) out[i] = string();
            return List.of(out);
        }

        private String string() throws IOException {
            return strings[in.readUnsignedShort()];
        }
    }
}
