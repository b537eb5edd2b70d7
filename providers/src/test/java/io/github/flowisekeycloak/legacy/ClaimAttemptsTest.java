package io.github.flowisekeycloak.legacy;

import org.junit.jupiter.api.Test;
import org.keycloak.models.SingleUseObjectProvider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The counting rule, over an in-memory store with the same atomic putIfAbsent as Keycloak's. */
class ClaimAttemptsTest {

    /** Only what ClaimAttempts uses; lifespans are not simulated (the integration tests use the real store). */
    static final class MemoryStore implements SingleUseObjectProvider {
        final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();

        @Override public void put(String key, long lifespanSeconds, Map<String, String> notes) { entries.put(key, notes); }
        @Override public Map<String, String> get(String key) { return entries.get(key); }
        @Override public Map<String, String> remove(String key) { return entries.remove(key); }
        @Override public boolean replace(String key, Map<String, String> notes) { return entries.replace(key, notes) != null; }
        @Override public boolean putIfAbsent(String key, long lifespanInSeconds) { return entries.putIfAbsent(key, Map.of()) == null; }
        @Override public boolean contains(String key) { return entries.containsKey(key); }
        @Override public void close() { }
    }

    @Test
    void locksAfterTheConfiguredNumberOfAttempts() {
        ClaimAttempts attempts = new ClaimAttempts(new MemoryStore(), "realm-1", new LegacyClaimConfig(3, 900));
        assertThat(attempts.locked()).isFalse();
        assertThat(attempts.tryAcquire()).isTrue();
        assertThat(attempts.tryAcquire()).isTrue();
        assertThat(attempts.locked()).isFalse();
        assertThat(attempts.tryAcquire()).as("the third attempt is still checked").isTrue();
        assertThat(attempts.locked()).isTrue();
        assertThat(attempts.tryAcquire()).as("the fourth is not").isFalse();
    }

    @Test
    void realmsAreCountedApartAndResetClears() {
        MemoryStore store = new MemoryStore();
        ClaimAttempts one = new ClaimAttempts(store, "realm-1", new LegacyClaimConfig(2, 900));
        ClaimAttempts two = new ClaimAttempts(store, "realm-2", new LegacyClaimConfig(2, 900));
        one.tryAcquire();
        one.tryAcquire();
        assertThat(one.locked()).isTrue();
        assertThat(two.locked()).isFalse();
        one.reset();
        assertThat(one.locked()).isFalse();
        assertThat(one.tryAcquire()).isTrue();
    }

    @Test
    void parallelGuessesNeverGetMoreChecksThanTheLimit() throws Exception {
        MemoryStore store = new MemoryStore();
        ClaimAttempts attempts = new ClaimAttempts(store, "realm-1", new LegacyClaimConfig(5, 900));
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger checked = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                if (attempts.tryAcquire()) {
                    checked.incrementAndGet();
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(checked.get()).as("of 40 simultaneous guesses, only 5 are checked").isEqualTo(5);
        assertThat(store.entries).hasSize(5);
        assertThat(attempts.locked()).isTrue();
    }
}
