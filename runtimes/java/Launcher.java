// Brisk's Java launcher (runtimes/README.md, "Launchers"). The Python proxy
// starts it in the action's folder, which holds action.jar, with fd 3 a pipe
// back to the proxy. It loads the class `main` names (`com.example.Hello`, or
// `com.example.Hello#handle` for another method than `main`), acks on fd 3,
// then runs one activation per stdin line and answers each with one line on
// fd 3. Compiled when the image is built; prints nothing of its own on stdout.
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

public final class Launcher {
    /** An output stream that remembers whether the last byte written was a newline. */
    static final class LineTracker extends FilterOutputStream {
        volatile boolean lineOpen;

        LineTracker(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            lineOpen = b != '\n';
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (len > 0) lineOpen = b[off + len - 1] != '\n';
        }
    }

    private static Writer channel;

    private static void send(JsonObject message) throws IOException {
        channel.write(message.toString());
        channel.write('\n');
        channel.flush();
    }

    private static JsonObject one(String key, String value) {
        JsonObject message = new JsonObject();
        message.addProperty(key, value);
        return message;
    }

    private static String describe(Throwable error) {
        return error.getMessage() == null ? error.getClass().getName() : error.getClass().getName() + ": " + error.getMessage();
    }

    /** The public static method taking one JsonObject, as OpenWhisk's Java runtime looks for it. */
    static Method load(String main, File jar) throws Exception {
        String className = main;
        String methodName = "main";
        int hash = main.indexOf('#');
        if (hash >= 0) {
            className = main.substring(0, hash);
            if (hash + 1 < main.length()) methodName = main.substring(hash + 1);
        }
        if (!jar.isFile()) throw new IllegalStateException("the action has no jar (this kind takes a jar file only)");
        // With no main set, the jar's Main-Class (the `java -jar` convention) names the class.
        if (className.equals("main")) {
            try (JarFile file = new JarFile(jar)) {
                String declared = file.getManifest() == null ? null : file.getManifest().getMainAttributes().getValue("Main-Class");
                if (declared != null) className = declared.trim();
            }
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toURI().toURL()}, Launcher.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new ClassNotFoundException("the jar has no class named '" + className + "' (set main to the class name, e.g. com.example.Hello, or Class#method)");
        }
        Method method;
        try {
            method = type.getMethod(methodName, JsonObject.class);
        } catch (NoSuchMethodException e) {
            throw new NoSuchMethodException("the class '" + className + "' has no method public static JsonObject " + methodName + "(JsonObject args)");
        }
        if (!Modifier.isStatic(method.getModifiers()) || !JsonElement.class.isAssignableFrom(method.getReturnType()))
            throw new NoSuchMethodException("the method " + className + "." + methodName + " must be public static and return a JsonObject");
        return method;
    }

    /**
     * Java cannot set environment variables; like OpenWhisk's Java runtime, the
     * launcher writes the __OW_ values into the map behind System.getenv()
     * (opened to it with --add-opens java.base/java.util=ALL-UNNAMED), so
     * System.getenv("__OW_ACTIVATION_ID") answers per run. Child processes do
     * not see them.
     */
    @SuppressWarnings("unchecked")
    static Map<String, String> environment() throws ReflectiveOperationException {
        Map<String, String> view = System.getenv();
        java.lang.reflect.Field inner = view.getClass().getDeclaredField("m");
        inner.setAccessible(true);
        return (Map<String, String>) inner.get(view);
    }

    public static void main(String[] args) throws Exception {
        channel = new OutputStreamWriter(new FileOutputStream("/dev/fd/3"), StandardCharsets.UTF_8);
        LineTracker out = new LineTracker(new FileOutputStream(FileDescriptor.out));
        LineTracker err = new LineTracker(new FileOutputStream(FileDescriptor.err));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));

        String main = System.getenv().getOrDefault("BRISK_ACTION_MAIN", "main");
        Method method;
        Map<String, String> env;
        try {
            env = environment();
            method = load(main.isEmpty() ? "main" : main, new File(System.getProperty("brisk.jar", "action.jar")).getAbsoluteFile());
        } catch (Throwable e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            cause.printStackTrace();
            send(one("error", describe(cause)));
            System.exit(1);
            return;
        }
        JsonObject ack = new JsonObject();
        ack.addProperty("ok", true);
        send(ack);

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        List<String> previous = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            JsonObject request = JsonParser.parseString(line).getAsJsonObject();
            for (String name : previous) env.remove(name);
            previous.clear();
            for (Map.Entry<String, JsonElement> entry : request.entrySet()) {
                if (entry.getKey().equals("value") || !entry.getKey().matches("\\w+")) continue;
                String name = "__OW_" + entry.getKey().toUpperCase(java.util.Locale.ROOT);
                JsonElement value = entry.getValue();
                env.put(name, value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : value.toString());
                previous.add(name);
            }
            JsonElement value = request.get("value");
            JsonObject params = value != null && value.isJsonObject() ? value.getAsJsonObject() : new JsonObject();
            JsonObject message = new JsonObject();
            try {
                Object result = method.invoke(null, params);
                message.add("result", (JsonElement) result);
            } catch (InvocationTargetException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                cause.printStackTrace();
                message.addProperty("thrown", describe(cause));
            } catch (Throwable e) {
                e.printStackTrace();
                message.addProperty("thrown", describe(e));
            }
            if (out.lineOpen) System.out.println();
            if (err.lineOpen) System.err.println();
            System.out.flush();
            System.err.flush();
            send(message);
        }
        System.exit(0);
    }
}
