package io.radflow.inference.dicomweb;

import io.radflow.dicom.data.Attributes;
import io.radflow.dicom.web.DicomWebClient;
import io.radflow.dicom.web.DicomWebException;
import io.radflow.dicom.web.InvalidSeriesException;
import io.radflow.dicom.web.RetrievedInstance;
import io.radflow.dicom.web.SeriesLoader;
import io.radflow.dicom.web.StoreResult;
import io.radflow.inference.config.InferenceConfig;
import io.radflow.inference.pipeline.PipelineException;
import io.radflow.inference.service.ImageSource;
import io.radflow.inference.service.ResultTarget;
import io.radflow.service.security.ServiceTokens;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's image source and result target over DICOMweb: series from {@code
 * radflow.inference.dicomweb.url} (Radflow's labeling-service, or any archive), results by STOW-RS to
 * {@code radflow.inference.dicomweb.stow-url} (ingest), with the service's client-credentials token
 * unless {@code service-token} is off.
 */
@ApplicationScoped
public class DicomWebBeans {
    @Inject
    InferenceConfig config;

    @Inject
    ServiceTokens tokens;

    @Inject
    ArchiveLinks links;

    private DicomWebClient client(String url) {
        if (!config.dicomweb().serviceToken()) {
            return new DicomWebClient(url);
        }
        return new DicomWebClient(
                url, tokens::authorizationHeader, tokens::invalidate, DicomWebClient.Timeouts.DEFAULT);
    }

    @Produces
    @ApplicationScoped
    ImageSource imageSource() {
        SeriesLoader loader = new SeriesLoader(client(config.dicomweb().url()));
        return (study, series) -> {
            try {
                List<RetrievedInstance> list = loader.load(study, series);
                links.source().reached();
                List<Attributes> images = new ArrayList<>(list.size());
                List<String> ts = new ArrayList<>(list.size());
                for (RetrievedInstance r : list) {
                    images.add(r.dataset());
                    ts.add(r.transferSyntaxUid());
                }
                return new ImageSource.Series(images, ts);
            } catch (InvalidSeriesException e) {
                throw PipelineException.permanent(e.getMessage());
            } catch (DicomWebException e) {
                links.source().failed(e);
                throw new PipelineException("reading series " + series + ": " + e.getMessage(), e.retryable(), e);
            }
        };
    }

    @Produces
    @ApplicationScoped
    ResultTarget resultTarget() {
        DicomWebClient stow = client(config.dicomweb().stowUrl());
        return objects -> {
            if (objects.isEmpty()) {
                return;
            }
            try {
                StoreResult r = stow.store(objects);
                links.target().reached();
                if (!r.failed().isEmpty()) {
                    // an instance the archive already holds with the same content is not a failure for us
                    throw PipelineException.permanent("the archive refused results: " + r.failed());
                }
            } catch (DicomWebException e) {
                links.target().failed(e);
                throw new PipelineException("storing results: " + e.getMessage(), e.retryable(), e);
            }
        };
    }
}
