package dev.txlab.protocol;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes replies as the bytes Redis's addReply* functions send to a client of a given protocol:
 * RESP3's own types for a RESP3 client, and for a RESP2 client the form {@link Reply#resp2()}
 * describes, written directly rather than built first. Subclasses say where the bytes go, so the
 * server's reply buffer and {@link Resp} share one encoding.
 *
 * <p>Iterative (script replies nest thousands deep). An encoder keeps its stack between calls,
 * so one per connection encodes every reply without allocating; it is not thread-safe.
 */
public abstract class ReplyEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "#t\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "#f\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ONE = ":1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ZERO = ":0\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Appends bytes as they are. */
    protected abstract void write(byte[] bytes, int offset, int length);

    /** Appends a type byte, a decimal number and CRLF: {@code *3}, {@code $5}, {@code :42}. */
    protected void header(char type, long number) {
        line(type, Long.toString(number));
    }

    /** Appends a type byte, a text held one char per byte, and CRLF: {@code +OK}, {@code -ERR ...}. */
    protected void line(char type, String text) {
        byte[] bytes = new byte[text.length() + 3];
        bytes[0] = (byte) type;
        for (int i = 0; i < text.length(); i++) bytes[i + 1] = (byte) text.charAt(i);
        bytes[bytes.length - 2] = '\r';
        bytes[bytes.length - 1] = '\n';
        write(bytes, 0, bytes.length);
    }

    private void write(byte[] bytes) { write(bytes, 0, bytes.length); }

    /** An aggregate being written: its elements, the next one, and what goes between or after them. */
    private static final class Frame {
        List<Reply> elements;
        int next;
        /** RESP3 pairs: a {@code *2} header before each pair. */
        boolean pairHeaders;
        /** An attribute's reply, written after the attribute's map. */
        Reply tail;
    }

    private Frame[] stack = new Frame[8];
    private int depth;

    /** Writes one reply for a client speaking {@code protocol} (2 or 3). */
    public final void write(Reply reply, int protocol) {
        if (protocol != 2 && protocol != 3) throw new IllegalArgumentException("no RESP" + protocol);
        boolean resp3 = protocol == 3;
        depth = 0; // a write that failed half way left its frames
        Reply next = reply;
        while (true) {
            start(next, resp3);
            next = null;
            while (depth > 0) {
                Frame f = stack[depth - 1];
                if (f.next < f.elements.size()) {
                    if (f.pairHeaders && f.next % 2 == 0) header('*', 2);
                    next = f.elements.get(f.next++);
                    break;
                }
                if (f.tail != null) {
                    next = f.tail;
                    f.tail = null;
                    break;
                }
                f.elements = null;
                depth--;
            }
            if (next == null) break;
        }
        if (stack.length > 1024) stack = new Frame[8]; // a deep script reply's frames go
    }

    /** Writes a scalar, or an aggregate's header (pushing a frame for its elements). */
    private void start(Reply reply, boolean resp3) {
        if (reply instanceof Reply.Bulk b) {
            bulk(b.bytes());
        } else if (reply instanceof Reply.Array a) {
            header('*', a.elements().size());
            push(a.elements(), false, null);
        } else if (reply instanceof Reply.Int i) {
            header(':', i.value());
        } else if (reply instanceof Reply.Simple s) {
            line('+', s.text());
        } else if (reply instanceof Reply.Error e) {
            line('-', e.message());
        } else if (reply instanceof Reply.NullBulk) {
            write(resp3 ? NULL : NULL_BULK);
        } else if (reply instanceof Reply.NullArray) {
            write(resp3 ? NULL : NULL_ARRAY);
        } else if (reply instanceof Reply.Map m) {
            header(resp3 ? '%' : '*', resp3 ? m.size() : m.flat().size());
            push(m.flat(), false, null);
        } else if (reply instanceof Reply.Set s) {
            header(resp3 ? '~' : '*', s.elements().size());
            push(s.elements(), false, null);
        } else if (reply instanceof Reply.Pairs p) {
            header('*', resp3 ? p.size() : p.flat().size());
            push(p.flat(), resp3, null);
        } else if (reply instanceof Reply.Double d) {
            if (resp3) line(',', d.text());
            else bulk(d.text().getBytes(StandardCharsets.US_ASCII));
        } else if (reply instanceof Reply.Bool b) {
            write(resp3 ? (b.value() ? TRUE : FALSE) : (b.value() ? ONE : ZERO));
        } else if (reply instanceof Reply.BigNumber n) {
            if (resp3) line('(', n.digits());
            else bulk(n.digits().getBytes(StandardCharsets.ISO_8859_1));
        } else if (reply instanceof Reply.Verbatim v) {
            if (resp3) {
                header('=', v.text().length + 4L);
                write((v.format() + ":").getBytes(StandardCharsets.ISO_8859_1));
                write(v.text());
                write(CRLF);
            } else {
                bulk(v.text());
            }
        } else if (reply instanceof Reply.Push p) {
            header(resp3 ? '>' : '*', p.elements().size());
            push(p.elements(), false, null);
        } else if (reply instanceof Reply.Multi m) {
            push(m.replies(), false, null); // no header: the replies follow one another
        } else if (reply instanceof Reply.Attribute a) {
            if (resp3) {
                header('|', a.attributes().size());
                push(a.attributes().flat(), false, a.value());
            } else {
                start(a.value(), false); // attributes are RESP3 only; chains of them are not nested deep
            }
        }
    }

    private void bulk(byte[] data) {
        header('$', data.length);
        write(data);
        write(CRLF);
    }

    private void push(List<Reply> elements, boolean pairHeaders, Reply tail) {
        if (elements.isEmpty() && tail == null) return;
        if (depth == stack.length) stack = java.util.Arrays.copyOf(stack, depth * 2);
        Frame f = stack[depth];
        if (f == null) stack[depth] = f = new Frame();
        f.elements = elements;
        f.next = 0;
        f.pairHeaders = pairHeaders;
        f.tail = tail;
        depth++;
    }
}
