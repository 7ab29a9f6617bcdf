// The class the image build runs once through the launcher, so that the
// class-data sharing archive holds what every activation loads.
import com.google.gson.JsonObject;

public class Hello {
    public static JsonObject main(JsonObject args) {
        JsonObject result = new JsonObject();
        result.addProperty("greeting", "Hello " + args.toString());
        System.out.println("trained");
        return result;
    }
}
