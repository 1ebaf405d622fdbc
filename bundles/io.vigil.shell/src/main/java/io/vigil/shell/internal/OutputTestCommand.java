package io.vigil.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.vigil.runtime.api.VigilRuntime;

/** {@code vigil:output-test}: sends a test alert through one channel or all. */
@Command(scope = "vigil", name = "output-test", description = "Sends a test alert through one output channel, or all")
@Service
public class OutputTestCommand implements Action {

    @Reference
    VigilRuntime runtime;

    @Argument(index = 0, name = "channel", description = "The channel name; all channels if omitted")
    @Completion(ChannelCompleter.class)
    String channel;

    @Override
    public Object execute() {
        List<String> sent = runtime.testOutput(channel);
        System.out.println(sent.isEmpty() ? "No such output channel: " + channel
                : "Test alert queued for: " + String.join(", ", sent));
        return null;
    }
}
