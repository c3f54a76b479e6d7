package ona.servers.neo4j;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

/**
 * Embedded Neo4j Community for adapter tests.
 *
 * <p>Usage: {@code Launcher DATA_DIR PORT}. Opens (or creates) a DBMS under DATA_DIR, serves Bolt
 * on 127.0.0.1:PORT without TLS and with authentication disabled (any user/password is accepted),
 * runs {@code RETURN 1} on the default database, checks that the Bolt port accepts a TCP
 * connection, then prints {@code READY <port>} on stdout. A SIGTERM (or SIGINT) shuts the DBMS
 * down cleanly through a shutdown hook. Exit code 2 on bad arguments, 1 on startup failure.
 */
public final class Launcher {
    private Launcher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Launcher DATA_DIR PORT");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port;
        try {
            port = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            System.err.println("PORT must be an integer, got " + args[1]);
            System.exit(2);
            return;
        }
        if (port < 1 || port > 65535) {
            System.err.println("PORT out of range: " + port);
            System.exit(2);
        }

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                    .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofSeconds(5))
                    .build();
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("STOPPING");
            System.out.flush();
            dbms.shutdown();
            stopped.countDown();
        }, "ona-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        Object one = db.executeTransactionally("RETURN 1 AS one", java.util.Map.of(), r -> r.next().get("one"));
        if (!Long.valueOf(1L).equals(one)) {
            System.err.println("RETURN 1 gave " + one);
            System.exit(1);
        }
        waitForPort(port, Duration.ofSeconds(30));

        System.out.println("READY " + port);
        System.out.flush();
        stopped.await();
    }

    private static void waitForPort(int port, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    System.err.println("Bolt port " + port + " did not accept connections: " + e);
                    System.exit(1);
                }
                Thread.sleep(100);
            }
        }
    }
}
