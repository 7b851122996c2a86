package dev.txlab.engine.script;

import org.luaj.vm2.Prototype;

/**
 * A script in the cache: its body, SHA1, shebang flags and compiled function. Redis keeps the
 * compiled function under {@code f_<sha>}; EVALSHA runs it without the body.
 */
record CachedScript(String sha, byte[] body, Shebang shebang, Prototype function) {}
