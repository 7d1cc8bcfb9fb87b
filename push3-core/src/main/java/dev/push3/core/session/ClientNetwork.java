package dev.push3.core.session;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What per-address limits count by: an IPv4 address, or the /64 network of an IPv6
 * address, since one IPv6 client usually holds a whole /64 and could otherwise pick a new
 * address for every connection.
 *
 * @param address the IPv4 address, or the IPv6 address with its last 64 bits zero; not null
 */
public record ClientNetwork(InetAddress address) {
    /** Checks the address. */
    public ClientNetwork {
        Objects.requireNonNull(address, "address");
    }

    /**
     * Returns the network a client address counts in.
     *
     * @param client the client's address; not null
     * @return the network; never null
     */
    public static ClientNetwork of(InetAddress client) {
        if (!(client instanceof Inet6Address)) {
            return new ClientNetwork(client);
        }
        byte[] bytes = client.getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return new ClientNetwork(InetAddress.getByAddress(bytes));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("16 octets are always an IPv6 address", e);
        }
    }

    /** Gives the address, with {@code /64} for an IPv6 network. */
    @Override
    public String toString() {
        return address instanceof Inet6Address ? address.getHostAddress() + "/64" : address.getHostAddress();
    }
}
