package dev.push3.auth.file;

import dev.push3.passwords.scheme.Scheme;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The users of one reading of the users file, packed so that a million lines take little
 * more heap than the file: each user is one record in 256 KiB byte pages (line number, scheme,
 * UTF-8 name, secret as written, about 10 bytes beyond the line's own) found through one
 * open-addressing {@code int[]} index; no object per user. A {@link UserEntry} is made only
 * when a user is looked up, and its password decoded then (a few microseconds, nothing
 * beside the hash that follows).
 *
 * <p>Immutable once built, and safe for concurrent lookups. A name can also be
 * <em>claimed</em> without a usable password (its first line was malformed), so that a later
 * line for it is still reported as a repeat, as before.
 */
final class UsersTable {
    /** Longest user name, and longest secret, in UTF-8 bytes: the record's length fields are 16 bits. */
    static final int MAX_FIELD_BYTES = 0xFFFF;
    /**
     * 256 KiB pages: below half of G1's smallest region (1 MiB), so that no page is a
     * humongous object, which would take whole regions (a 1 MiB page took two).
     */
    private static final int PAGE_BITS = 18;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int OFFSET_MASK = PAGE_SIZE - 1;
    /** Addresses are non-negative ints: page index in the high 11 bits. */
    private static final int MAX_PAGES = 1 << (31 - PAGE_BITS);
    /** int line, byte scheme, u16 name length, u16 secret length. */
    private static final int HEADER = 9;
    /** The scheme byte of a claimed name without a usable password. */
    private static final byte UNUSABLE = -1;
    private static final Scheme[] SCHEMES = Scheme.values();

    private final byte[][] pages;
    /** Record address + 1 per slot, 0 for empty; length a power of two. */
    private final int[] slots;
    private final int size;

    private UsersTable(byte[][] pages, int[] slots, int size) {
        this.pages = pages;
        this.slots = slots;
        this.size = size;
    }

    /**
     * Returns how many users can log in (claimed names without a usable password not counted).
     *
     * @return the count
     */
    int size() {
        return size;
    }

    /**
     * Finds a user.
     *
     * @param user the name, compared exactly; not null
     * @return the entry, or empty when the name is unknown or its line cannot be used
     */
    Optional<UserEntry> find(String user) {
        byte[] name = user.getBytes(StandardCharsets.UTF_8);
        int address = lookup(pages, slots, name);
        if (address < 0 || pages[address >>> PAGE_BITS][(address & OFFSET_MASK) + 4] == UNUSABLE) {
            return Optional.empty();
        }
        return Optional.of(entryAt(address));
    }

    private UserEntry entryAt(int address) {
        byte[] page = pages[address >>> PAGE_BITS];
        int at = address & OFFSET_MASK;
        int line = ((page[at] & 0xFF) << 24) | ((page[at + 1] & 0xFF) << 16) | ((page[at + 2] & 0xFF) << 8)
                | (page[at + 3] & 0xFF);
        Scheme scheme = SCHEMES[page[at + 4]];
        int nameLength = u16(page, at + 5);
        int secretLength = u16(page, at + 7);
        int name = at + HEADER;
        return new UserEntry(new String(page, name, nameLength, StandardCharsets.UTF_8), line, scheme,
                new String(page, name + nameLength, secretLength, StandardCharsets.UTF_8));
    }

    private static int u16(byte[] page, int at) {
        return ((page[at] & 0xFF) << 8) | (page[at + 1] & 0xFF);
    }

    /** Returns the record address of a name, or -1. */
    private static int lookup(byte[][] pages, int[] slots, byte[] name) {
        int mask = slots.length - 1;
        for (int slot = hash(name, 0, name.length) & mask; slots[slot] != 0; slot = (slot + 1) & mask) {
            int address = slots[slot] - 1;
            byte[] page = pages[address >>> PAGE_BITS];
            int at = address & OFFSET_MASK;
            if (Arrays.equals(page, at + HEADER, at + HEADER + u16(page, at + 5), name, 0, name.length)) {
                return address;
            }
        }
        return -1;
    }

    /** FNV-1a with a final avalanche, so that names differing in one byte spread over the index. */
    private static int hash(byte[] bytes, int from, int to) {
        int h = 0x811C9DC5;
        for (int i = from; i < to; i++) {
            h = (h ^ bytes[i]) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        return h ^ (h >>> 13);
    }

    /** Collects users while a file is read; used by one thread. */
    static final class Builder {
        private byte[][] pages = new byte[8][];
        private int pageCount = 1;
        private byte[] page = new byte[PAGE_SIZE];
        private int used;
        private int[] slots = new int[1024];
        private int records;
        private int usable;

        Builder() {
            pages[0] = page;
        }

        /**
         * Tells whether a name was already added or claimed.
         *
         * @param name the UTF-8 name; not null
         * @return true when present
         */
        boolean contains(byte[] name) {
            return lookup(pages, slots, name) >= 0;
        }

        /**
         * Adds a user that can log in. The caller has checked that the name is new.
         *
         * @param name the UTF-8 name, at most {@link #MAX_FIELD_BYTES}; not null
         * @param line the line number
         * @param scheme the scheme the secret is in; not null
         * @param secret the secret in the scheme's own encoding, UTF-8, at most {@link #MAX_FIELD_BYTES}; not null
         */
        void add(byte[] name, int line, Scheme scheme, byte[] secret) {
            put(name, line, (byte) scheme.ordinal(), secret);
            usable++;
        }

        /**
         * Claims a name whose first line cannot be used, so that later lines for it are repeats.
         *
         * @param name the UTF-8 name, at most {@link #MAX_FIELD_BYTES}; not null
         * @param line the line number
         */
        void claim(byte[] name, int line) {
            put(name, line, UNUSABLE, new byte[0]);
        }

        private void put(byte[] name, int line, byte scheme, byte[] secret) {
            int length = HEADER + name.length + secret.length;
            if (used + length > PAGE_SIZE) {
                if (pageCount == MAX_PAGES) {
                    throw new IllegalStateException("the users file holds more than 2 GiB of users");
                }
                if (pageCount == pages.length) {
                    pages = Arrays.copyOf(pages, pageCount * 2);
                }
                page = new byte[PAGE_SIZE];
                pages[pageCount++] = page;
                used = 0;
            }
            int address = ((pageCount - 1) << PAGE_BITS) | used;
            page[used] = (byte) (line >>> 24);
            page[used + 1] = (byte) (line >>> 16);
            page[used + 2] = (byte) (line >>> 8);
            page[used + 3] = (byte) line;
            page[used + 4] = scheme;
            page[used + 5] = (byte) (name.length >>> 8);
            page[used + 6] = (byte) name.length;
            page[used + 7] = (byte) (secret.length >>> 8);
            page[used + 8] = (byte) secret.length;
            System.arraycopy(name, 0, page, used + HEADER, name.length);
            System.arraycopy(secret, 0, page, used + HEADER + name.length, secret.length);
            used += length;
            if (++records * 2 > slots.length) {
                slots = rehash(slots.length * 2);
            }
            insert(slots, address);
        }

        private void insert(int[] into, int address) {
            byte[] at = pages[address >>> PAGE_BITS];
            int name = (address & OFFSET_MASK) + HEADER;
            int mask = into.length - 1;
            int slot = hash(at, name, name + u16(at, name - 4)) & mask;
            while (into[slot] != 0) {
                slot = (slot + 1) & mask;
            }
            into[slot] = address + 1;
        }

        private int[] rehash(int length) {
            int[] bigger = new int[length];
            for (int old : slots) {
                if (old != 0) {
                    insert(bigger, old - 1);
                }
            }
            return bigger;
        }

        /**
         * Returns how many users can log in so far.
         *
         * @return the count
         */
        int usable() {
            return usable;
        }

        /**
         * Makes the table; the last page is cut to what it holds. The builder must not be used after.
         *
         * @return the table; never null
         */
        UsersTable build() {
            pages[pageCount - 1] = Arrays.copyOf(page, used);
            return new UsersTable(Arrays.copyOf(pages, pageCount), slots, usable);
        }
    }
}
