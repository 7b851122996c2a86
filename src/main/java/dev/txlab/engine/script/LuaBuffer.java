package dev.txlab.engine.script;

import java.io.ByteArrayOutputStream;
import org.luaj.vm2.LuaString;

/**
 * The buffer the string-building library functions write into (luaL_Buffer): it asks the memory
 * guard before each time it grows, so that a script cannot build a string larger than the lab
 * allows, and hands its bytes to the Lua string without another copy when it can.
 */
final class LuaBuffer extends ByteArrayOutputStream {
    private final String what;

    LuaBuffer() { this("a string"); }

    LuaBuffer(String what) {
        super(32);
        this.what = what;
    }

    @Override public void write(int b) {
        if (count == buf.length) grow(1);
        super.write(b);
    }

    @Override public void write(byte[] b, int off, int len) {
        if (len > buf.length - count) grow(len);
        super.write(b, off, len);
    }

    private void grow(int more) {
        long need = (long) count + more;
        long capacity = Math.max(need, Math.min(2L * buf.length, MemoryGuard.MAX_ARRAY));
        MemoryGuard.reserveActive(Math.max(capacity, need), what);
    }

    /** The bytes as a Lua string; the buffer must not be written afterwards. */
    LuaString toLuaString() {
        if (count == buf.length) return LuaString.valueUsing(buf);
        if (count > 32) MemoryGuard.reserveActive(count, what);
        return LuaString.valueOf(buf, 0, count);
    }
}
