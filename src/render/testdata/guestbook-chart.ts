/**
 * A small Helm chart for tests, kept as data rather than files: its templates
 * are Go templates, not YAML, and would trip YAML formatters. Write it to disk
 * with {@link writeFiles}.
 */
export const GUESTBOOK_CHART: Readonly<Record<string, string>> = {
  'Chart.yaml': `apiVersion: v2
name: guestbook
description: A small chart for Keelson's tests
type: application
version: 0.1.0
appVersion: '1.0'
`,
  'crds/greetings.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: greetings.example.com
spec:
  group: example.com
  names:
    kind: Greeting
    plural: greetings
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`,
  'env/prod.yaml': `replicaCount: 3
config:
  greeting: hello from prod
`,
  'templates/configmap.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
  namespace: {{ .Release.Namespace }}
data:
  greeting: {{ .Values.config.greeting | quote }}
  kubeVersion: {{ .Capabilities.KubeVersion.Version | quote }}
  hasMonitoring: {{ .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" | quote }}
`,
  'templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-guestbook
  namespace: {{ .Release.Namespace }}
  labels:
    app.kubernetes.io/instance: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        app.kubernetes.io/instance: {{ .Release.Name }}
    spec:
      containers:
        - name: guestbook
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          ports:
            - containerPort: {{ .Values.service.port }}
`,
  'templates/service.yaml': `apiVersion: v1
kind: Service
metadata:
  name: {{ .Release.Name }}-guestbook
  namespace: {{ .Release.Namespace }}
spec:
  selector:
    app.kubernetes.io/instance: {{ .Release.Name }}
  ports:
    - port: {{ .Values.service.port }}
`,
  'templates/tests/test-connection.yaml': `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  namespace: {{ .Release.Namespace }}
  annotations:
    helm.sh/hook: test
spec:
  restartPolicy: Never
  containers:
    - name: wget
      image: busybox
      command: ["wget", "{{ .Release.Name }}-guestbook:{{ .Values.service.port }}"]
`,
  'values.yaml': `replicaCount: 1
image:
  repository: registry.example/guestbook
  tag: '1.0'
service:
  port: 80
config:
  greeting: hello
`,
};
