package io.clip4j.gpu;

import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerScope;

/** Native objects that must outlive the caller's {@code PointerScope}, owned by a clip4j object instead. */
final class PastScope {
    private PastScope() {
    }

    /** Keeps {@code p} alive when the innermost open scope closes; its new owner releases it. */
    static <P extends Pointer> P keep(P p) {
        if (PointerScope.getInnerScope() != null) {
            p.retainReference();
        }
        return p;
    }
}
