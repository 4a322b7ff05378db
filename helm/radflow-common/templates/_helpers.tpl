{{/*
Names and labels. Every object of a service is named "<release>-<chart>" (radflow-ingest, ...), so
that one service can address another by name (radflow-common.serviceName) without seeing its values.
*/}}
{{- define "radflow-common.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The Service name of another Radflow service of the same release: (list $ "labeling") */}}
{{- define "radflow-common.serviceName" -}}
{{- printf "%s-%s" (index . 0).Release.Name (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "radflow-common.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "radflow-common.labels" -}}
{{ include "radflow-common.selectorLabels" . }}
app.kubernetes.io/part-of: radflow
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{/*
The image of a service: <global.image.registry>/<image.repository>:<global.image.tag><suffix>.
Registry and tag live in one place (global.image); a service names only its repository.
Call with (dict "root" $ "suffix" "-gpu").
*/}}
{{- define "radflow-common.image" -}}
{{- $root := .root -}}
{{- $g := default dict $root.Values.global -}}
{{- $gi := default dict $g.image -}}
{{- $registry := required "global.image.registry is required: the registry that holds the Radflow images (no public images are published)" $gi.registry -}}
{{- $tag := required "global.image.tag is required: the image tag of the Radflow build to deploy" $gi.tag -}}
{{- printf "%s/%s:%s%s" (trimSuffix "/" $registry) $root.Values.image.repository $tag (default "" .suffix) -}}
{{- end -}}

{{/* The archive's PersistentVolumeClaim: the existing one, or "<release>-archive" created by the ingest chart. */}}
{{- define "radflow-common.archiveClaim" -}}
{{- $p := .Values.global.archive.persistence -}}
{{- if $p.existingClaim -}}{{ $p.existingClaim }}{{- else -}}{{ printf "%s-archive" .Release.Name }}{{- end -}}
{{- end -}}

{{- define "radflow-common.archiveIsFilesystem" -}}
{{- if eq (default "filesystem" .Values.global.archive.type) "filesystem" -}}true{{- end -}}
{{- end -}}

{{/*
Settings every service shares, as ConfigMap data (no secret among them). Fails with a readable
message when a required connection setting is missing (the umbrella's values.schema.json says it first).
*/}}
{{- define "radflow-common.sharedConfig" -}}
{{- $g := .Values.global -}}
{{- $pg := required "global.postgresql is required (host, port, database, existingSecret)" $g.postgresql -}}
{{- $kafka := required "global.kafka is required (bootstrapServers)" $g.kafka -}}
{{- $oidc := required "global.oidc is required (issuer, clientSecret)" $g.oidc -}}
# In a cluster the HTTP (and DICOM) listeners bind every interface; the local default is 127.0.0.1.
RADFLOW_BIND_HOST: "0.0.0.0"
RADFLOW_DB_HOST: {{ required "global.postgresql.host is required: the PostgreSQL read-write service (CloudNativePG: <cluster>-rw)" $pg.host | quote }}
RADFLOW_PG_PORT: {{ default 5432 $pg.port | quote }}
RADFLOW_DB_NAME: {{ default "radflow" $pg.database | quote }}
RADFLOW_KAFKA_BOOTSTRAP: {{ required "global.kafka.bootstrapServers is required: host:port of the Kafka bootstrap service (Strimzi: <cluster>-kafka-bootstrap:9092)" $kafka.bootstrapServers | quote }}
{{ include "radflow-common.kafkaSecurityConfig" . }}
RADFLOW_OIDC_ISSUER: {{ required "global.oidc.issuer is required: the issuer URL of the Keycloak realm radflow" $oidc.issuer | quote }}
{{- end -}}

{{/* The archive's settings (filesystem root or S3 bucket): ConfigMap data, no secret. */}}
{{- define "radflow-common.archiveConfig" -}}
{{- $a := .Values.global.archive -}}
RADFLOW_ARCHIVE_TYPE: {{ default "filesystem" $a.type | quote }}
{{- if include "radflow-common.archiveIsFilesystem" . }}
RADFLOW_ARCHIVE_ROOT: {{ default "/var/lib/radflow/archive" $a.mountPath | quote }}
{{- else }}
{{- $s3 := required "global.archive.s3 is required when global.archive.type is s3" $a.s3 }}
RADFLOW_ARCHIVE_S3_ENDPOINT: {{ default "" $s3.endpoint | quote }}
RADFLOW_ARCHIVE_S3_REGION: {{ default "us-east-1" $s3.region | quote }}
RADFLOW_ARCHIVE_S3_BUCKET: {{ required "global.archive.s3.bucket is required when global.archive.type is s3" $s3.bucket | quote }}
RADFLOW_ARCHIVE_S3_PREFIX: {{ default "" $s3.prefix | quote }}
RADFLOW_ARCHIVE_S3_PATH_STYLE: {{ default false $s3.pathStyle | quote }}
{{- end }}
{{- end -}}

{{/* Secret environment variables every service needs: only references to existing Secrets. */}}
{{- define "radflow-common.secretEnv" -}}
{{- $pg := .Values.global.postgresql -}}
{{- $cs := required "global.oidc.clientSecret is required (existingSecret, key)" .Values.global.oidc.clientSecret -}}
- name: RADFLOW_DB_USER
  valueFrom:
    secretKeyRef:
      name: {{ required "global.postgresql.existingSecret is required: the Secret holding the database user and password" $pg.existingSecret }}
      key: {{ default "username" $pg.usernameKey }}
- name: QUARKUS_DATASOURCE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ $pg.existingSecret }}
      key: {{ default "password" $pg.passwordKey }}
- name: RADFLOW_SERVICES_CLIENT_SECRET
  valueFrom:
    secretKeyRef:
      name: {{ required "global.oidc.clientSecret.existingSecret is required: the Secret holding the radflow-services client secret" $cs.existingSecret }}
      key: {{ default "secret" $cs.key }}
{{- include "radflow-common.kafkaSecretEnv" . }}
{{- end -}}

{{/*
Kafka security (global.kafka.security): the protocol, SASL mechanism and user, and the TLS stores of every
Kafka client (service-commons KafkaClientSecurity). Passwords come from Secrets as env
(radflow-common.kafkaSecretEnv); the stores are Secret volumes mounted read-only under /etc/radflow/kafka-tls
(radflow-common.kafkaVolumes, radflow-common.kafkaVolumeMounts).
*/}}
{{- define "radflow-common.kafkaSecurity" -}}
{{- $s := default dict .Values.global.kafka.security -}}
{{- $protocol := default "PLAINTEXT" $s.protocol -}}
{{- $sasl := default dict $s.sasl -}}
{{- $tls := default dict $s.tls -}}
{{- if hasPrefix "SASL_" $protocol -}}
{{- $_ := required (printf "global.kafka.security.sasl.mechanism is required with %s: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512" $protocol) $sasl.mechanism -}}
{{- $_ := required (printf "global.kafka.security.sasl.existingSecret is required with %s: the Secret holding the Kafka user's password" $protocol) $sasl.existingSecret -}}
{{- end -}}
{{- toJson (dict "protocol" $protocol "sasl" (and (hasPrefix "SASL_" $protocol) $sasl) "tls" (and (hasSuffix "SSL" $protocol) $tls)) -}}
{{- end -}}

{{/* ConfigMap data of the Kafka security settings (no secret among them). */}}
{{- define "radflow-common.kafkaSecurityConfig" -}}
{{- $k := include "radflow-common.kafkaSecurity" . | fromJson -}}
RADFLOW_KAFKA_SECURITY_PROTOCOL: {{ $k.protocol | quote }}
{{- with $k.sasl }}
RADFLOW_KAFKA_SASL_MECHANISM: {{ .mechanism | quote }}
{{- with .username }}
# the user name as given (Strimzi: the KafkaUser's name); without it, from the Secret (usernameKey)
RADFLOW_KAFKA_SASL_USERNAME: {{ . | quote }}
{{- end }}
{{- end }}
{{- with $k.tls }}
{{- if .trustStoreSecret }}
RADFLOW_KAFKA_SSL_TRUSTSTORE_LOCATION: {{ printf "/etc/radflow/kafka-tls/ca/%s" (default "ca.crt" .trustStoreKey) | quote }}
{{- with .trustStoreType }}
RADFLOW_KAFKA_SSL_TRUSTSTORE_TYPE: {{ . | quote }}
{{- end }}
{{- end }}
{{- if .keyStoreSecret }}
RADFLOW_KAFKA_SSL_KEYSTORE_LOCATION: {{ printf "/etc/radflow/kafka-tls/key/%s" (default "user.p12" .keyStoreKey) | quote }}
{{- with .keyStoreType }}
RADFLOW_KAFKA_SSL_KEYSTORE_TYPE: {{ . | quote }}
{{- end }}
{{- end }}
RADFLOW_KAFKA_SSL_ENDPOINT_IDENTIFICATION_ALGORITHM: {{ default "https" .endpointIdentificationAlgorithm | quote }}
{{- end }}
{{- end -}}

{{/* The Kafka user and the store passwords: references to existing Secrets only. */}}
{{- define "radflow-common.kafkaSecretEnv" -}}
{{- $k := include "radflow-common.kafkaSecurity" . | fromJson -}}
{{- with $k.sasl }}
{{- if not .username }}
- name: RADFLOW_KAFKA_SASL_USERNAME
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: {{ default "username" .usernameKey }}
{{- end }}
- name: RADFLOW_KAFKA_SASL_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .existingSecret }}
      key: {{ default "password" .passwordKey }}
{{- end }}
{{- with $k.tls }}
{{- if and .trustStoreSecret .trustStorePasswordKey }}
- name: RADFLOW_KAFKA_SSL_TRUSTSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .trustStoreSecret }}
      key: {{ .trustStorePasswordKey }}
{{- end }}
{{- if and .keyStoreSecret .keyStorePasswordKey }}
- name: RADFLOW_KAFKA_SSL_KEYSTORE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .keyStoreSecret }}
      key: {{ .keyStorePasswordKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* Volumes of the Kafka TLS stores (Secrets), when the protocol uses TLS. */}}
{{- define "radflow-common.kafkaVolumes" -}}
{{- $k := include "radflow-common.kafkaSecurity" . | fromJson -}}
{{- with $k.tls }}
{{- with .trustStoreSecret }}
- name: kafka-tls-ca
  secret:
    secretName: {{ . }}
    defaultMode: 0444
{{- end }}
{{- with .keyStoreSecret }}
- name: kafka-tls-key
  secret:
    secretName: {{ . }}
    defaultMode: 0440
{{- end }}
{{- end }}
{{- end -}}

{{- define "radflow-common.kafkaVolumeMounts" -}}
{{- $k := include "radflow-common.kafkaSecurity" . | fromJson -}}
{{- with $k.tls }}
{{- if .trustStoreSecret }}
- name: kafka-tls-ca
  mountPath: /etc/radflow/kafka-tls/ca
  readOnly: true
{{- end }}
{{- if .keyStoreSecret }}
- name: kafka-tls-key
  mountPath: /etc/radflow/kafka-tls/key
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{/* S3 credentials by reference, for the services that write or read the archive. */}}
{{- define "radflow-common.archiveSecretEnv" -}}
{{- $a := .Values.global.archive -}}
{{- if not (include "radflow-common.archiveIsFilesystem" .) }}
{{- $s3 := $a.s3 }}
- name: RADFLOW_ARCHIVE_S3_ACCESS_KEY_ID
  valueFrom:
    secretKeyRef:
      name: {{ required "global.archive.s3.existingSecret is required when global.archive.type is s3" $s3.existingSecret }}
      key: {{ default "accessKeyId" $s3.accessKeyIdKey }}
- name: RADFLOW_ARCHIVE_S3_SECRET_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $s3.existingSecret }}
      key: {{ default "secretAccessKey" $s3.secretAccessKeyKey }}
{{- end }}
{{- end -}}
