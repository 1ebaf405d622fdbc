package io.vigil.source.ebpf.internal;

import java.io.IOException;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.vigil.sdk.EventCapture;
import io.vigil.sdk.EventSource;
import io.vigil.syscall.api.SyscallEvent;

/** The live {@code syscall} source: each capture loads Vigil's eBPF probe into the kernel. */
@Component(service = EventSource.class, property = EventSource.SOURCE_PROPERTY + "=" + SyscallEvent.SOURCE)
public final class EbpfSyscallSource implements EventSource {

    @Override
    public String name() {
        return SyscallEvent.SOURCE;
    }

    /**
     * Opens a capture; parameters: {@code buf_size_preset} or {@code ring_bytes},
     * {@code ignore_self}, {@code max_batch} (see {@link CaptureConfig}).
     */
    @Override
    public EventCapture open(Map<String, String> params) throws IOException {
        return new EbpfCapture(CaptureConfig.from(params));
    }
}
