package dev.txlab.engine.command;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Redis's pqsort.c: Bentley and McIlroy's quicksort that recurses only into the parts holding
 * the ranks lrange..rrange. SORT ... BY ... LIMIT and GEOSEARCH/GEORADIUS with COUNT (and no
 * ANY) sort with it, and it is not stable, so the order of equal elements it leaves is its own;
 * a stable sort put them in input order instead. Element indices stand for the C byte offsets.
 */
final class PartialQuickSort {
    private PartialQuickSort() {}

    /** pqsort(list, n, es, cmp, lrange, rrange). */
    static <T> void sort(List<T> list, Comparator<? super T> cmp, int lrange, int rrange) {
        sort(list, 0, list.size(), cmp, lrange, rrange);
    }

    private static <T> int c(List<T> x, Comparator<? super T> cmp, int i, int j) {
        return cmp.compare(x.get(i), x.get(j));
    }

    private static <T> int med3(List<T> x, Comparator<? super T> cmp, int a, int b, int c) {
        return c(x, cmp, a, b) < 0
                ? (c(x, cmp, b, c) < 0 ? b : (c(x, cmp, a, c) < 0 ? c : a))
                : (c(x, cmp, b, c) > 0 ? b : (c(x, cmp, a, c) < 0 ? a : c));
    }

    private static <T> void vecswap(List<T> x, int a, int b, int n) {
        for (int i = 0; i < n; i++) Collections.swap(x, a + i, b + i);
    }

    private static <T> void sort(List<T> x, int a, int n, Comparator<? super T> cmp, int lrange, int rrange) {
        while (true) {
            if (n < 7) {
                for (int pm = a + 1; pm < a + n; pm++) {
                    for (int pl = pm; pl > a && c(x, cmp, pl - 1, pl) > 0; pl--) Collections.swap(x, pl, pl - 1);
                }
                return;
            }
            int pm = a + n / 2;
            if (n > 7) {
                int pl = a;
                int pn = a + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(x, cmp, pl, pl + d, pl + 2 * d);
                    pm = med3(x, cmp, pm - d, pm, pm + d);
                    pn = med3(x, cmp, pn - 2 * d, pn - d, pn);
                }
                pm = med3(x, cmp, pl, pm, pn);
            }
            Collections.swap(x, a, pm);
            int pa = a + 1, pb = a + 1;
            int pc = a + n - 1, pd = a + n - 1;
            for (;;) {
                int r;
                while (pb <= pc && (r = c(x, cmp, pb, a)) <= 0) {
                    if (r == 0) Collections.swap(x, pa++, pb);
                    pb++;
                }
                while (pb <= pc && (r = c(x, cmp, pc, a)) >= 0) {
                    if (r == 0) Collections.swap(x, pc, pd--);
                    pc--;
                }
                if (pb > pc) break;
                Collections.swap(x, pb++, pc--);
            }
            int pn = a + n;
            int r = Math.min(pa - a, pb - pa);
            vecswap(x, a, pb - r, r);
            r = Math.min(pd - pc, pn - pd - 1);
            vecswap(x, pb, pn - r, r);
            if ((r = pb - pa) > 1 && overlaps(a, a + r - 1, lrange, rrange)) sort(x, a, r, cmp, lrange, rrange);
            if ((r = pd - pc) > 1) {
                a = pn - r;
                n = r;
                if (overlaps(a, a + r - 1, lrange, rrange)) continue;
            }
            return;
        }
    }

    private static boolean overlaps(int first, int last, int lrange, int rrange) {
        return !((lrange < first && rrange < first) || (lrange > last && rrange > last));
    }
}
