package io.vigil.source.cloudtrail.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSource;

/**
 * The {@code aws_cloudtrail} event source: CloudTrail log files ({@code {"Records":[...]}},
 * plain or gzip) from a file or a directory tree as AWS delivers it, read in path order and,
 * if asked, followed as new files arrive. Configured under PID {@value #PID}.
 */
@Component(service = EventSource.class, property = EventSource.SOURCE_PROPERTY + "=" + CloudTrailSource.NAME,
        configurationPid = CloudTrailSource.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = CloudTrailSource.Config.class)
public final class CloudTrailSource implements EventSource {

    /** The source name rules use. */
    public static final String NAME = "aws_cloudtrail";
    /** The configuration PID. */
    public static final String PID = "io.vigil.source.cloudtrail";

    static final String OPEN_PARAMS = "openParams";
    static final String FOLLOW = "follow";
    static final String POLL_INTERVAL = "pollIntervalMillis";

    /** The source's configuration. */
    @ObjectClassDefinition(name = "Vigil AWS CloudTrail source",
            description = "Where aws_cloudtrail events come from.")
    public @interface Config {
        @AttributeDefinition(description = "A CloudTrail log file, or a directory holding them (.json and "
                + ".json.gz files, e.g. a synced AWSLogs/ tree).")
        String openParams() default "";

        @AttributeDefinition(description = "Keep watching the directory for new files instead of ending "
                + "after the last one.")
        boolean follow() default false;

        @AttributeDefinition(description = "How often a followed directory is scanned for new files.")
        long pollIntervalMillis() default 1000;
    }

    private final Map<String, String> configured;

    /** A source with the default settings (for tests and plain-Java use). */
    public CloudTrailSource() {
        this.configured = Map.of();
    }

    @Activate
    public CloudTrailSource(Config c) {
        Map<String, String> m = new HashMap<>();
        m.put(OPEN_PARAMS, c.openParams());
        m.put(FOLLOW, Boolean.toString(c.follow()));
        m.put(POLL_INTERVAL, Long.toString(c.pollIntervalMillis()));
        this.configured = Map.copyOf(m);
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Opens the files. Parameters (optional, overriding the configuration): {@code openParams}
     * (the file or directory), {@code follow} (true/false), {@code pollIntervalMillis}.
     */
    @Override
    public EventCapture open(Map<String, String> params) throws IOException {
        Map<String, String> m = new HashMap<>(configured);
        m.putAll(params);
        String open = m.getOrDefault(OPEN_PARAMS, "").trim();
        if (open.isEmpty()) {
            throw new IOException("no CloudTrail logs configured: set openParams to a file or directory in PID " + PID);
        }
        if (open.startsWith("s3://") || open.startsWith("sqs://")) {
            throw new IOException(open + ": reading from S3 or SQS is not supported; sync the trail's bucket to a "
                    + "local directory (aws s3 sync) and give its path, with follow=true");
        }
        boolean follow = Boolean.parseBoolean(m.getOrDefault(FOLLOW, "false").trim());
        long interval;
        try {
            interval = Long.parseLong(m.getOrDefault(POLL_INTERVAL, "1000").trim());
        } catch (NumberFormatException e) {
            interval = -1;
        }
        if (interval <= 0) {
            throw new IllegalArgumentException(POLL_INTERVAL + " must be a positive number, got '"
                    + m.get(POLL_INTERVAL) + "'");
        }
        return new CloudTrailCapture(Path.of(open), follow, interval);
    }
}
