{{/* ConfigMap data of the ingest service (radflow-common.configmap adds the shared settings). */}}
{{- define "ingest.config" -}}
{{ include "radflow-common.archiveConfig" . }}
{{- if not (include "radflow-common.archiveIsFilesystem" .) }}
RADFLOW_ARCHIVE_STAGING: "/var/lib/radflow/staging"
{{- end }}
# DICOM receiver: called AE title and the calling AE allow-list of the default AE
RADFLOW_DICOM_PORT: "11112"
RADFLOW_AE_TITLE: {{ .Values.dicom.aeTitle | quote }}
RADFLOW_CALLING_AE_TITLES: {{ join "," .Values.dicom.acceptedCallingAeTitles | quote }}
RADFLOW_DICOM_USER_IDENTITY: {{ .Values.dicom.userIdentity | quote }}
RADFLOW_INGEST_DICOM_MAX_ASSOCIATIONS: {{ .Values.dicom.maxAssociations | quote }}
RADFLOW_INGEST_DICOM_SHUTDOWN_GRACE: {{ printf "%dS" (int .Values.dicom.shutdownGraceSeconds) | quote }}
RADFLOW_INGEST_DICOM_PLAIN_ENABLED: {{ .Values.dicom.plainEnabled | quote }}
{{- with .Values.dicom.tls }}
# DICOM TLS: key store and CAs mounted from Secrets (the password comes from the Secret as env)
RADFLOW_DICOM_TLS_ENABLED: {{ .enabled | quote }}
{{- if .enabled }}
RADFLOW_DICOM_TLS_PORT: "2762"
RADFLOW_DICOM_TLS_KEY_STORE: {{ printf "/etc/radflow/dicom-tls/key/%s" .keyStoreKey | quote }}
RADFLOW_INGEST_DICOM_TLS_CLIENT_AUTH: {{ .clientAuth | quote }}
{{- if .trustStoreSecret }}
RADFLOW_DICOM_TLS_TRUST_STORE: {{ printf "/etc/radflow/dicom-tls/ca/%s" .trustStoreKey | quote }}
{{- end }}
{{- end }}
{{- end }}
# DICOMweb root announced in RetrieveURL, BulkDataURI and the study events (the labeling service)
RADFLOW_INGEST_RETRIEVE_BASE_URL: {{ include "ingest.retrieveBaseUrl" . | quote }}
{{- end -}}

{{- define "ingest.retrieveBaseUrl" -}}
{{- if .Values.global.publicUrl -}}
{{- printf "%s/dicomweb" (trimSuffix "/" .Values.global.publicUrl) -}}
{{- else -}}
{{- printf "http://%s:8080/dicomweb" (include "radflow-common.serviceName" (list . "labeling")) -}}
{{- end -}}
{{- end -}}

{{/*
application.properties of the ingest service (radflow-common.propertiesConfigmap): the per-AE keys whose
map keys are AE titles in quotes, which environment variables cannot carry: dicom.acceptedHosts of the
default AE and every called AE of dicom.calledAes. Empty when neither is set (no ConfigMap, no mount).
*/}}
{{- define "ingest.properties" -}}
{{- $d := .Values.dicom -}}
{{- if or $d.acceptedHosts $d.calledAes }}
# Rendered by the Helm chart from ingest.dicom (see helm/ingest/values.yaml)
{{- include "ingest.hostsProperties" (dict "prefix" "radflow.ingest.dicom" "hosts" $d.acceptedHosts) }}
{{- range $title, $ae := $d.calledAes }}
{{- if eq $title $d.aeTitle }}
{{- fail (printf "ingest.dicom.calledAes.%s repeats ingest.dicom.aeTitle: the default AE takes acceptedCallingAeTitles and acceptedHosts directly" $title) }}
{{- end }}
{{- $prefix := printf "radflow.ingest.dicom.called-aes.%s" (include "ingest.propertyKey" $title) }}
{{ $prefix }}.accepted-calling-ae-titles={{ join "," $ae.acceptedCallingAeTitles }}
{{- include "ingest.hostsProperties" (dict "prefix" $prefix "hosts" $ae.acceptedHosts) }}
{{- end }}
{{- end }}
{{- end -}}

{{/* <prefix>.accepted-hosts."<calling AE>"=<addresses>, one line per calling AE of .hosts */}}
{{- define "ingest.hostsProperties" -}}
{{- range $calling, $addresses := .hosts }}
{{ $.prefix }}.accepted-hosts.{{ include "ingest.propertyKey" $calling }}={{ join "," $addresses }}
{{- end }}
{{- end -}}

{{/*
An AE title as a quoted map key in a .properties file: the schema already refuses backslashes, quotes,
commas and dollars; a space, ':' or '=' is escaped for the properties format.
*/}}
{{- define "ingest.propertyKey" -}}
{{- printf "\"%s\"" (. | replace " " "\\ " | replace ":" "\\:" | replace "=" "\\=") -}}
{{- end -}}
