{{/* ConfigMap data of the labeling service (radflow-common.configmap adds the shared settings). */}}
{{- define "labeling.config" -}}
{{ include "radflow-common.archiveConfig" . }}
{{- if not (include "radflow-common.archiveIsFilesystem" .) }}
RADFLOW_ARCHIVE_CACHE: "/var/cache/radflow"
RADFLOW_ARCHIVE_CACHE_SIZE: {{ .Values.archiveCache.size | quote }}
{{- end }}
# ingest's STOW-RS (labels stored from the viewer are forwarded there)
RADFLOW_DICOMWEB_INGEST_URL: {{ printf "http://%s:8081" (include "radflow-common.serviceName" (list . "ingest")) | quote }}
# the OHIF viewer baked into the image (labeling-service/Dockerfile)
RADFLOW_DICOMWEB_VIEWER_DIR: "/deployments/viewer"
RADFLOW_VIEWER_LOGIN_ENABLED: {{ .Values.viewer.loginEnabled | quote }}
# the labeling web app baked into the image, served at /label/
RADFLOW_LABEL_APP_DIR: "/deployments/label-app"
# AI pre-labels: each inference result SEG becomes version 1 of a label set (docs/labeling.md)
RADFLOW_LABELING_PRE_LABELS_ENABLED: {{ .Values.preLabels.enabled | quote }}
{{- /* the quantification API as the browser reaches it: by default behind quantification.ingress on the public host */}}
{{- with .Values.labelApp.quantificationUrl | default (trimSuffix "/" (default "" .Values.global.publicUrl)) }}
RADFLOW_LABEL_APP_QUANTIFICATION_URL: {{ . | quote }}
{{- end }}
{{- with .Values.corsOrigins }}
RADFLOW_CORS_ORIGINS: {{ join "," . | quote }}
{{- end }}
{{- end -}}
