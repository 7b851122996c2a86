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
import java.util.HashSet;
import java.util.List;
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
 * <p>Layout ({@link DataOutputStream}): magic, format version, then each command: name, arity, flags, first/last key and step, ACL categories, tips, key
 * specs (notes, flags, begin search, find keys), subcommands (the same, nested).
 */
public final class CompactCommands {
    private CompactCommands() {}

    static final String RESOURCE = "command-info.bin";
    private static final int MAGIC = 0x74786369; // "txci"
    private static final int FORMAT = 1;

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
        DataOutputStream out = new DataOutputStream(raw);
        out.writeInt(MAGIC);
        out.writeInt(FORMAT);
        writeInfos(out, commands);
        out.flush();
    }

    /** The commands, or null when the stream is not this format: the caller then parses the recording. */
    static List<RecordedCommands.Info> read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
        if (in.readInt() != MAGIC || in.readInt() != FORMAT) return null;
        return readInfos(in);
    }

    private static void writeInfos(DataOutputStream out, List<RecordedCommands.Info> infos) throws IOException {
        out.writeShort(infos.size());
        for (RecordedCommands.Info i : infos) {
            out.writeUTF(i.name());
            out.writeInt(i.arity());
            out.writeShort(i.flags().size());
            for (Flag f : i.flags()) out.writeUTF(f.wireName());
            out.writeInt(i.firstKey());
            out.writeInt(i.lastKey());
            out.writeInt(i.keyStep());
            writeStrings(out, i.aclCategories());
            writeStrings(out, i.tips());
            out.writeShort(i.keySpecs().size());
            for (KeySpec k : i.keySpecs()) writeKeySpec(out, k);
            writeInfos(out, i.subcommands());
        }
    }

    private static List<RecordedCommands.Info> readInfos(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        List<RecordedCommands.Info> infos = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            String name = in.readUTF();
            int arity = in.readInt();
            int flagCount = in.readUnsignedShort();
            Set<Flag> flags = new HashSet<>();
            for (int f = 0; f < flagCount; f++) flags.add(Flag.fromWireName(in.readUTF()));
            int firstKey = in.readInt();
            int lastKey = in.readInt();
            int keyStep = in.readInt();
            List<String> acl = readStrings(in);
            List<String> tips = readStrings(in);
            int specCount = in.readUnsignedShort();
            List<KeySpec> specs = new ArrayList<>(specCount);
            for (int s = 0; s < specCount; s++) specs.add(readKeySpec(in));
            infos.add(new RecordedCommands.Info(name, arity, flags, firstKey, lastKey, keyStep, acl, tips, specs, readInfos(in)));
        }
        return infos;
    }

    private static void writeKeySpec(DataOutputStream out, KeySpec k) throws IOException {
        out.writeBoolean(k.notes() != null);
        if (k.notes() != null) out.writeUTF(k.notes());
        out.writeShort(k.flags().size());
        for (KeySpec.KeyFlag f : k.flags()) out.writeUTF(f.wireName());
        if (k.begin() instanceof KeySpec.Index i) {
            out.writeByte(0);
            out.writeInt(i.pos());
        } else if (k.begin() instanceof KeySpec.Keyword w) {
            out.writeByte(1);
            out.writeUTF(w.keyword());
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

    private static KeySpec readKeySpec(DataInputStream in) throws IOException {
        String notes = in.readBoolean() ? in.readUTF() : null;
        int flagCount = in.readUnsignedShort();
        Set<KeySpec.KeyFlag> flags = new HashSet<>();
        for (int f = 0; f < flagCount; f++) flags.add(KeySpec.KeyFlag.fromWireName(in.readUTF()));
        KeySpec.BeginSearch begin = switch (in.readByte()) {
            case 0 -> new KeySpec.Index(in.readInt());
            case 1 -> new KeySpec.Keyword(in.readUTF(), in.readInt());
            case 2 -> new KeySpec.UnknownBegin();
            default -> throw new IOException("bad begin_search tag");
        };
        KeySpec.FindKeys find = switch (in.readByte()) {
            case 0 -> new KeySpec.Range(in.readInt(), in.readInt(), in.readInt());
            case 1 -> new KeySpec.KeyNum(in.readInt(), in.readInt(), in.readInt());
            case 2 -> new KeySpec.UnknownFind();
            default -> throw new IOException("bad find_keys tag");
        };
        return new KeySpec(notes, flags, begin, find);
    }

    private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
        out.writeShort(strings.size());
        for (String s : strings) out.writeUTF(s);
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        List<String> strings = new ArrayList<>(n);
        for (int i = 0; i < n; i++) strings.add(in.readUTF());
        return strings;
    }
}
